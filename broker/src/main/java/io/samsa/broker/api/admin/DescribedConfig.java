package io.samsa.broker.api.admin;

import io.samsa.broker.config.ConfigSource;
import io.samsa.broker.config.ConfigSynonym;
import io.samsa.broker.config.ConfigType;

import java.util.List;

/**
 * One config entry as DescribeConfigs (and CreateTopics v5+) report it.
 *
 * @param value         the effective value as text; null when unset without a default, or sensitive
 * @param synonyms      where the value could come from, highest precedence first (Kafka's synonym list)
 * @param type          the value type, or null for a key Samsa does not know (reported as UNKNOWN)
 * @param documentation null unless asked for
 */
record DescribedConfig(String name, String value, ConfigSource source, boolean readOnly, boolean sensitive,
                       List<ConfigSynonym> synonyms, ConfigType type, String documentation) {

    /** Kafka's DescribeConfigs {@code ConfigType} id (0 is UNKNOWN). */
    byte typeId() {
        return type == null ? 0 : type.id();
    }
}
