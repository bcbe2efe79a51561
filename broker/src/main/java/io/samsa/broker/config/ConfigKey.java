package io.samsa.broker.config;

import java.util.Objects;

/**
 * The definition of one broker config: Kafka's name, type and default, the rule a value must
 * satisfy, Kafka's update mode and documentation. {@code defaultValue} is already parsed to the
 * type's Java value, or {@code null} when the key has no default (an unset key then reads as
 * {@code null} and a derived value applies, e.g. {@code log.retention.ms} falls back to
 * {@code log.retention.hours}). {@code topicConfig} names the topic-level config this key is the
 * broker default of ({@code log.retention.ms} → {@code retention.ms}), or is {@code null}.
 */
public record ConfigKey(
        String name,
        ConfigType type,
        Object defaultValue,
        Validator validator,
        UpdateMode updateMode,
        String topicConfig,
        String documentation) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(updateMode, "updateMode");
        Objects.requireNonNull(documentation, "documentation");
    }

    /** Whether Kafka refuses to change this key at runtime (DescribeConfigs {@code read_only}). */
    public boolean readOnly() {
        return updateMode == UpdateMode.READ_ONLY;
    }

    /** The default as DescribeConfigs shows it, or {@code null}. */
    public String defaultValueString() {
        return type.format(defaultValue);
    }

    /** Parses and validates a raw value of this key, naming the key on failure. */
    public Object parse(String raw) {
        Object value;
        try {
            value = type.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, raw, e.getMessage());
        }
        validator.ensureValid(name, value);
        return value;
    }
}
