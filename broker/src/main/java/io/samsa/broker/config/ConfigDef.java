package io.samsa.broker.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ordered table of {@link ConfigKey}s plus Kafka's synonym groups (keys that set the same thing
 * with different units or precedence, such as {@code log.retention.ms}, {@code log.retention.minutes}
 * and {@code log.retention.hours}). Built once into a constant and immutable after construction;
 * {@link #parse} turns raw properties into a value for every key.
 */
public final class ConfigDef {
    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
    private final Map<String, List<String>> synonyms = new HashMap<>();

    /** Defines a key whose default is given in its textual form (parsed and validated here). */
    public ConfigDef define(String name, ConfigType type, String defaultValue, Validator validator,
                            UpdateMode mode, String documentation) {
        return define(name, null, type, defaultValue, validator, mode, documentation);
    }

    /** Defines a key that is the broker default of the topic config {@code topicConfig}. */
    public ConfigDef define(String name, String topicConfig, ConfigType type, String defaultValue,
                            Validator validator, UpdateMode mode, String documentation) {
        if (keys.containsKey(name)) {
            throw new IllegalArgumentException("config " + name + " is defined twice");
        }
        ConfigKey draft = new ConfigKey(name, type, null, validator, mode, topicConfig, documentation);
        Object parsedDefault = defaultValue == null ? null : draft.parse(defaultValue);
        keys.put(name, new ConfigKey(name, type, parsedDefault, validator, mode, topicConfig, documentation));
        return this;
    }

    /** Declares {@code names} (already defined) as one synonym group, highest precedence first. */
    public ConfigDef synonyms(String... names) {
        List<String> group = List.of(names);
        for (String name : group) {
            if (!keys.containsKey(name)) {
                throw new IllegalArgumentException("synonym " + name + " is not defined");
            }
            synonyms.put(name, group);
        }
        return this;
    }

    /** Every key in definition order. */
    public Collection<ConfigKey> keys() {
        return Collections.unmodifiableCollection(keys.values());
    }

    public Optional<ConfigKey> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /** The synonym group of {@code name} in precedence order (just {@code name} when it has none). */
    public List<String> synonymsOf(String name) {
        return synonyms.getOrDefault(name, List.of(name));
    }

    /**
     * Parses every defined key: the explicit value when {@code raw} has one, else the default.
     * Keys of {@code raw} that are not defined are ignored here (see {@link #unknownKeys}).
     *
     * @throws ConfigException naming the first key whose value is invalid
     */
    public Map<String, Object> parse(Map<String, String> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigKey key : keys.values()) {
            String explicit = raw.get(key.name());
            values.put(key.name(), explicit == null ? key.defaultValue() : key.parse(explicit));
        }
        return Collections.unmodifiableMap(values);
    }

    /** The keys of {@code raw} that this table does not define, in their original order. */
    public List<String> unknownKeys(Map<String, String> raw) {
        List<String> unknown = new ArrayList<>();
        for (String name : raw.keySet()) {
            if (!keys.containsKey(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }
}
