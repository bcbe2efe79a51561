package io.samsa.broker.network;

/**
 * User events the socket server fires down a connection's pipeline.
 */
public enum ConnectionEvent {
    /**
     * The server is shutting down: stop reading, answer what was already read, then close.
     * A pipeline without a {@link ConnectionHandler} is closed at once by the
     * {@link ConnectionErrorHandler}.
     */
    DRAIN
}
