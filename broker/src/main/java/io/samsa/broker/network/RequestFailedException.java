package io.samsa.broker.network;

/**
 * A dispatcher's future failed. Handlers are expected to answer with Kafka error codes, so this is
 * a bug or an unexpected I/O failure; the connection is closed and the cause logged once.
 */
public final class RequestFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RequestFailedException(Throwable cause) {
        super("request handling failed: " + cause, cause);
    }
}
