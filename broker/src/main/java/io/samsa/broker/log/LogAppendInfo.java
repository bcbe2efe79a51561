package io.samsa.broker.log;

/**
 * The result of {@link PartitionLog#append}: on success the offsets the batches were given
 * ({@code firstOffset..lastOffset}), the log-append time ({@code -1} unless the topic uses
 * LogAppendTime) and the log start offset, as a Produce response reports them. A retried duplicate
 * from an idempotent producer succeeds with its original offsets and {@code duplicate} set. On
 * failure {@code error} says why and nothing was written.
 */
public record LogAppendInfo(LogError error, String errorMessage, long firstOffset, long lastOffset,
                            long logAppendTime, long logStartOffset, int recordCount, boolean duplicate) {

    static LogAppendInfo failed(LogError error, String message, long logStartOffset) {
        return new LogAppendInfo(error, message, -1L, -1L, -1L, logStartOffset, 0, false);
    }

    /** The answer to an append that producer state stopped: a duplicate's original offsets, or the error. */
    static LogAppendInfo answering(ProducerStateTable.Check check, boolean logAppendTime, long logStartOffset) {
        return switch (check.outcome()) {
            case DUPLICATE -> {
                BatchMetadata original = check.duplicateOf();
                yield new LogAppendInfo(LogError.NONE, null, original.firstOffset(), original.lastOffset(),
                        logAppendTime ? original.timestamp() : -1L, logStartOffset, 0, true);
            }
            case OUT_OF_ORDER_SEQUENCE -> failed(LogError.OUT_OF_ORDER_SEQUENCE_NUMBER, check.message(), logStartOffset);
            case INVALID_PRODUCER_EPOCH -> failed(LogError.INVALID_PRODUCER_EPOCH, check.message(), logStartOffset);
            case APPEND -> throw new IllegalArgumentException("an appended batch needs no special answer");
        };
    }

    public boolean succeeded() {
        return error == LogError.NONE;
    }
}
