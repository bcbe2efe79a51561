package io.samsa.broker.config;

/**
 * Where a config value comes from, with the ids of Kafka's DescribeConfigs {@code ConfigSource}
 * (v1+). Samsa's broker configs are static today, so they are {@link #STATIC_BROKER_CONFIG} when
 * set in {@code server.properties} or by {@code --override}, else {@link #DEFAULT_CONFIG}; topic
 * handlers use {@link #TOPIC_CONFIG} for per-topic overrides.
 */
public enum ConfigSource {
    UNKNOWN(0),
    TOPIC_CONFIG(1),
    DYNAMIC_BROKER_CONFIG(2),
    DYNAMIC_DEFAULT_BROKER_CONFIG(3),
    STATIC_BROKER_CONFIG(4),
    DEFAULT_CONFIG(5),
    DYNAMIC_BROKER_LOGGER_CONFIG(6),
    CLIENT_METRICS_CONFIG(7),
    GROUP_CONFIG(8);

    private final byte id;

    ConfigSource(int id) {
        this.id = (byte) id;
    }

    /** Kafka's DescribeConfigs {@code ConfigSource} id. */
    public byte id() {
        return id;
    }
}
