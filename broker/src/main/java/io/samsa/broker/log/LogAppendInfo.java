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

    public boolean succeeded() {
        return error == LogError.NONE;
    }
}
