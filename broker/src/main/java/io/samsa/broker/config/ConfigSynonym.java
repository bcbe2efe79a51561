package io.samsa.broker.config;

/**
 * One entry of a DescribeConfigs synonym list: a key of the synonym group, its value as text and
 * where that value comes from. Kafka lists the set keys first, then the default.
 */
public record ConfigSynonym(String name, String value, ConfigSource source) {
}
