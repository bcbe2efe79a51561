package io.samsa.broker.log;

import java.nio.file.Path;
import java.util.Map;

/**
 * One log directory as DescribeLogDirs reports it: whether it is usable, the file system's total and
 * usable bytes (-1 if unknown or offline) and each partition's size in bytes.
 */
public record LogDirDescription(Path path, boolean online, long totalBytes, long usableBytes,
                                Map<TopicPartition, Long> partitionSizes) { }
