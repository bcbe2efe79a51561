package io.samsa.broker.network;

import io.samsa.protocol.ApiKey;

/**
 * Which API versions this broker accepts, asked once per request at the edge (the
 * {@link RequestDecoder}), as Kafka's {@code ApiVersionManager.isApiEnabled} is. A request of a
 * version that is not enabled closes the connection, except ApiVersions, which is answered with a
 * v0 body (KIP-511). The broker's instance is derived from its handler registry, so the versions
 * it accepts are exactly those it advertises and serves.
 */
@FunctionalInterface
public interface EnabledApis {

    boolean isEnabled(ApiKey apiKey, short version);

    /** Every version the codec can read (for tests and tools; the broker uses its registry). */
    static EnabledApis codec() {
        return ApiKey::isVersionSupported;
    }
}
