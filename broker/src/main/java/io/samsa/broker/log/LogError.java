package io.samsa.broker.log;

/**
 * The protocol-level outcomes of log operations, as values (CONVENTIONS.md §5), each with Kafka's
 * error code so a handler maps it with {@code ErrorCode.forCode(error.code())} without this package
 * depending on the handlers.
 */
public enum LogError {
    NONE(0),
    OFFSET_OUT_OF_RANGE(1),
    CORRUPT_MESSAGE(2),
    MESSAGE_TOO_LARGE(10),
    RECORD_LIST_TOO_LARGE(18),
    INVALID_TIMESTAMP(32),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45),
    INVALID_PRODUCER_EPOCH(47),
    KAFKA_STORAGE_ERROR(56),
    INVALID_RECORD(87);

    private final short code;

    LogError(int code) {
        this.code = (short) code;
    }

    /** Kafka's numeric error code. */
    public short code() {
        return code;
    }
}
