package io.samsa.broker.network;

import io.samsa.broker.config.Endpoint;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.message.RequestHeader;
import java.net.SocketAddress;

/**
 * Who sent a request and how: the parsed header, the API and version, the peer address and the
 * listener it arrived on. Handlers read it; they do not change it (the header is a generated,
 * mutable class, but it belongs to this context once parsed).
 *
 * @param header     the request header (client id {@code null} is normalised to {@code ""}, as in Kafka)
 * @param apiKey     the API
 * @param apiVersion the version the client sent (for an unsupported ApiVersions, the unsupported one)
 * @param peer       the client's address
 * @param listener   the listener the connection was accepted on ({@code null} outside a socket server)
 */
public record RequestContext(RequestHeader header, ApiKey apiKey, short apiVersion, SocketAddress peer,
                             Endpoint listener) {

    public String clientId() {
        return header.clientId();
    }

    public int correlationId() {
        return header.correlationId();
    }

    /** The listener's name, e.g. {@code PLAINTEXT}, or {@code ""} when unknown. */
    public String listenerName() {
        return listener == null ? "" : listener.listenerName();
    }

    @Override
    public String toString() {
        return apiKey.displayName() + " v" + apiVersion + " #" + correlationId() + " from " + clientId()
            + " at " + peer;
    }
}
