package io.samsa.broker.metadata;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A broker as the cluster knows it.
 *
 * @param incarnationId random per broker process start; a new one replaces the registration
 * @param brokerEpoch   the metadata offset of the registration that created this incarnation (as in KRaft), so it
 *                      grows with every restart of the broker
 * @param rack          {@code broker.rack}, or null
 */
public record BrokerRegistration(int brokerId, UUID incarnationId, long brokerEpoch, List<BrokerEndpoint> endpoints,
                                 String rack) {
    public BrokerRegistration {
        endpoints = List.copyOf(endpoints);
    }

    public Optional<BrokerEndpoint> endpoint(String listenerName) {
        return endpoints.stream().filter(e -> e.listenerName().equals(listenerName)).findFirst();
    }
}
