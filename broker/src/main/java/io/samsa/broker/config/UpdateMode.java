package io.samsa.broker.config;

/**
 * Kafka's "update mode" of a broker config: whether Kafka lets it change at runtime through
 * IncrementalAlterConfigs, and at what scope. DescribeConfigs reports {@code read_only} for
 * {@link #READ_ONLY} keys. Samsa records Kafka's mode for each key so that a dynamic-config
 * feature can honour it later; until then every broker config is applied only at start-up.
 */
public enum UpdateMode {
    READ_ONLY,
    PER_BROKER,
    CLUSTER_WIDE
}
