package io.samsa.broker.log;

/**
 * The result of {@link PartitionLog#deleteRecordsBefore}: the new low watermark (log start offset),
 * or {@link LogError#OFFSET_OUT_OF_RANGE} if the offset lies above the high watermark.
 */
public record DeleteRecordsResult(LogError error, long lowWatermark) { }
