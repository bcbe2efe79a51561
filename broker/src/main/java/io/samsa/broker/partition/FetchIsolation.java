package io.samsa.broker.partition;

/**
 * How far a read may go (Kafka's {@code FetchIsolation}): consumers read up to the high watermark,
 * or with {@code read_committed} up to the last stable offset; a debugging consumer to the log end.
 * Without transactions the last stable offset is the high watermark.
 */
public enum FetchIsolation {
    LOG_END,
    HIGH_WATERMARK,
    TXN_COMMITTED;

    /** Kafka's {@code isolation_level} byte: 0 read_uncommitted, 1 read_committed. */
    public static FetchIsolation ofIsolationLevel(byte isolationLevel) {
        return isolationLevel == 1 ? TXN_COMMITTED : HIGH_WATERMARK;
    }
}
