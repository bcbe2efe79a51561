package io.samsa.broker.log;

import io.samsa.protocol.ErrorCode;

/**
 * The protocol-level outcomes of log operations, as values (CONVENTIONS.md §5): the subset of
 * Kafka's errors the log itself can produce, each with Kafka's code ({@link #errorCode()} for the
 * codec's {@link ErrorCode}).
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

    /** The same error as the codec names it, for a response. */
    public ErrorCode errorCode() {
        return ErrorCode.forCode(code);
    }
}
