package io.samsa.protocol.record;

/**
 * Record-batch bytes that are not a valid magic-2 batch: a bad CRC, magic or length, a truncated
 * batch, a record that does not parse, or a compressed payload that does not decompress. The one
 * exception the {@code record} package throws for bad input; the broker answers it with Kafka's
 * {@code CORRUPT_MESSAGE} (produce) or truncates the log there (recovery).
 */
public final class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
