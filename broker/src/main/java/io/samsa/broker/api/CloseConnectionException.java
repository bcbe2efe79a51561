package io.samsa.broker.api;

/**
 * Completes a handler's future when the only way to tell the client about an error is to close
 * its connection: a Produce with {@code acks=0} expects no response, so Kafka closes the connection
 * when a partition fails, and the client notices, refreshes its metadata and reconnects. The
 * {@link ApiRegistry} passes it through (it is not an unexpected failure) and the connection closes.
 */
public final class CloseConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CloseConnectionException(String reason) {
        super(reason, null, false, false);
    }
}
