package io.samsa.broker.metadata;

import java.util.Objects;

/**
 * One listener a broker advertises to clients, as registered in the metadata log.
 *
 * @param listenerName     Kafka's listener name, for example {@code PLAINTEXT}
 * @param securityProtocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
 */
public record BrokerEndpoint(String listenerName, String host, int port, String securityProtocol) {
    public BrokerEndpoint {
        Objects.requireNonNull(listenerName, "listenerName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(securityProtocol, "securityProtocol");
    }
}
