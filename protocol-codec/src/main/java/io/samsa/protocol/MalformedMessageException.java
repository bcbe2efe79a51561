package io.samsa.protocol;

/**
 * The one exception a codec reader throws for bytes that do not form a valid message: a truncated
 * buffer, a negative or oversized length, a non-nullable field sent as null, a bad varint. The
 * network layer turns it into a logged, closed connection (or Kafka's error code where the protocol
 * has one); it never escapes as anything else.
 */
public final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
