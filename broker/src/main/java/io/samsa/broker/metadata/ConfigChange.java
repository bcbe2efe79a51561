package io.samsa.broker.metadata;

import java.util.Objects;

/**
 * One change to a resource's configs: set {@code key} to {@code value}, or delete {@code key} (value null), as in
 * Kafka's IncrementalAlterConfigs SET/DELETE. APPEND and SUBTRACT on list configs are resolved by the caller into SET.
 */
public record ConfigChange(String key, String value) {

    public ConfigChange {
        Objects.requireNonNull(key, "key");
    }

    public static ConfigChange set(String key, String value) {
        return new ConfigChange(key, Objects.requireNonNull(value, "value"));
    }

    public static ConfigChange delete(String key) {
        return new ConfigChange(key, null);
    }

    public boolean isDelete() {
        return value == null;
    }
}
