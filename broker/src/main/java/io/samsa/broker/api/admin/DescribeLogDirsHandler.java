package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.log.LogDirDescription;
import io.samsa.broker.log.LogManager;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeLogDirsRequest;
import io.samsa.protocol.message.DescribeLogDirsRequest.DescribableLogDirTopic;
import io.samsa.protocol.message.DescribeLogDirsResponse;
import io.samsa.protocol.message.DescribeLogDirsResponse.DescribeLogDirsPartition;
import io.samsa.protocol.message.DescribeLogDirsResponse.DescribeLogDirsResult;
import io.samsa.protocol.message.DescribeLogDirsResponse.DescribeLogDirsTopic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeLogDirs (key 35), v1–5: each configured log directory with the size of every partition in it (all, or those
 * the request names), and from v4 the file system's total and usable bytes. An offline directory is
 * KAFKA_STORAGE_ERROR. Every replica here is the current log and, on this broker, at or past the high watermark, so
 * the offset lag is 0, as Kafka reports for a leader. Reads file sizes and file-system space: runs on the I/O executor.
 */
public final class DescribeLogDirsHandler implements ApiHandler<DescribeLogDirsRequest, DescribeLogDirsResponse> {
    private final LogManager logs;

    DescribeLogDirsHandler(LogManager logs) {
        this.logs = logs;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_LOG_DIRS;
    }

    @Override
    public CompletableFuture<DescribeLogDirsResponse> handle(RequestContext ctx, DescribeLogDirsRequest request) {
        Set<TopicPartition> wanted = wanted(request);
        DescribeLogDirsResponse response = new DescribeLogDirsResponse();
        for (LogDirDescription dir : logs.describeLogDirs()) {
            DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.path().toString());
            if (!dir.online()) {
                response.results().add(result.setErrorCode(ErrorCode.KAFKA_STORAGE_ERROR.code()));
                continue;
            }
            Map<String, List<DescribeLogDirsPartition>> byTopic = new TreeMap<>();
            dir.partitionSizes().forEach((tp, size) -> {
                if (tp != null && (wanted == null || wanted.contains(tp))) {
                    byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(new DescribeLogDirsPartition()
                            .setPartitionIndex(tp.partition()).setPartitionSize(size).setOffsetLag(0)
                            .setIsFutureKey(false));
                }
            });
            byTopic.forEach((topic, partitions) -> {
                partitions.sort((a, b) -> Integer.compare(a.partitionIndex(), b.partitionIndex()));
                result.topics().add(new DescribeLogDirsTopic().setName(topic).setPartitions(partitions));
            });
            response.results().add(result.setErrorCode(ErrorCode.NONE.code())
                    .setTotalBytes(knownOrMax(dir.totalBytes())).setUsableBytes(knownOrMax(dir.usableBytes())));
        }
        return CompletableFuture.completedFuture(response);
    }

    /** The partitions asked for, or null for all of them. */
    private static Set<TopicPartition> wanted(DescribeLogDirsRequest request) {
        if (request.topics() == null) {
            return null;
        }
        Set<TopicPartition> wanted = new HashSet<>();
        for (DescribableLogDirTopic topic : request.topics()) {
            for (int partition : topic.partitions()) {
                if (topic.topic() != null && !topic.topic().isEmpty() && partition >= 0) {
                    wanted.add(new TopicPartition(topic.topic(), partition));
                }
            }
        }
        return wanted;
    }

    /**
     * Java reports a file system beyond Long.MAX_VALUE bytes as negative; Kafka answers Long.MAX_VALUE then. An
     * unknown size stays -1.
     */
    private static long knownOrMax(long bytes) {
        return bytes < -1 ? Long.MAX_VALUE : bytes;
    }

    @Override
    public DescribeLogDirsResponse errorResponse(RequestContext ctx, DescribeLogDirsRequest request, ErrorCode error) {
        return new DescribeLogDirsResponse().setErrorCode(error.code());
    }
}
