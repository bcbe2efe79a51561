package io.samsa.broker.api.admin;

import io.samsa.broker.BrokerConfig;
import io.samsa.broker.config.ConfigKey;
import io.samsa.broker.config.ConfigSource;
import io.samsa.broker.config.ConfigSynonym;
import io.samsa.broker.log.LogConfigKey;
import io.samsa.broker.metadata.MetadataImage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka's synonym lists for DescribeConfigs: for a broker key and its synonym group (the same setting under other
 * names or units), every place a value is set, in the order Kafka applies them — dynamic per-broker config, dynamic
 * cluster-wide default, {@code server.properties} (static), then the built-in default — each tier listing the group in
 * precedence order. As in Kafka's {@code ConfigHelper}, entries before the first one named like the described key are
 * dropped, so {@code retention.ms} with only {@code log.retention.hours} set reports no synonyms and DEFAULT_CONFIG.
 *
 * <p>Immutable; safe from any thread.
 */
final class ConfigSynonyms {
    private static final long HOUR_MS = 3_600_000L;

    private final BrokerConfig config;
    private final Map<String, String> defaults;

    ConfigSynonyms(BrokerConfig config) {
        this.config = config;
        this.defaults = brokerDefaults();
    }

    BrokerConfig config() {
        return config;
    }

    /** The synonyms of broker key {@code name} within {@code group}, as Kafka's {@code configSynonyms} lists them. */
    List<ConfigSynonym> of(MetadataImage image, String name, List<String> group) {
        List<ConfigSynonym> all = new ArrayList<>();
        addTier(all, group, image.brokerConfigs(config.nodeId()), ConfigSource.DYNAMIC_BROKER_CONFIG);
        addTier(all, group, image.clusterConfigs(), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
        addTier(all, group, config.explicitValues(), ConfigSource.STATIC_BROKER_CONFIG);
        addTier(all, group, defaults, ConfigSource.DEFAULT_CONFIG);
        int first = 0;
        while (first < all.size() && !all.get(first).name().equals(name)) {
            first++;
        }
        return all.subList(first, all.size());
    }

    /** The first tier (dynamic, then static) that sets any of {@code group}; DEFAULT_CONFIG when none does. */
    ConfigSource effectiveSource(MetadataImage image, List<String> group) {
        if (group.stream().anyMatch(image.brokerConfigs(config.nodeId())::containsKey)) {
            return ConfigSource.DYNAMIC_BROKER_CONFIG;
        }
        if (group.stream().anyMatch(image.clusterConfigs()::containsKey)) {
            return ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
        }
        if (group.stream().anyMatch(config.explicitValues()::containsKey)) {
            return ConfigSource.STATIC_BROKER_CONFIG;
        }
        return ConfigSource.DEFAULT_CONFIG;
    }

    private static void addTier(List<ConfigSynonym> out, List<String> group, Map<String, String> values,
                                ConfigSource source) {
        for (String name : group) {
            String value = values.get(name);
            if (value != null) {
                out.add(new ConfigSynonym(name, value, source));
            }
        }
    }

    /**
     * Kafka's broker synonym groups ({@code DynamicBrokerConfig.brokerConfigSynonyms}): the roll, roll-jitter and
     * retention keys in ms/minutes/hours, and {@code log.flush.interval.ms} falling back to the flush scheduler
     * interval; any other key stands alone.
     */
    static List<String> brokerGroup(String name) {
        return switch (name) {
            case "log.roll.ms", "log.roll.hours" -> List.of("log.roll.ms", "log.roll.hours");
            case "log.roll.jitter.ms", "log.roll.jitter.hours" ->
                    List.of("log.roll.jitter.ms", "log.roll.jitter.hours");
            case "log.flush.interval.ms" -> List.of("log.flush.interval.ms", "log.flush.scheduler.interval.ms");
            case "log.retention.ms", "log.retention.minutes", "log.retention.hours" ->
                    List.of("log.retention.ms", "log.retention.minutes", "log.retention.hours");
            default -> List.of(name);
        };
    }

    /**
     * The built-in default of every broker key DescribeConfigs can name: Samsa's broker config table first, then
     * for topic-config synonyms Samsa does not define as broker keys, Kafka's default (the topic default in the
     * key's unit; none for the ms key of a group that falls back to hours, as in Kafka).
     */
    private static Map<String, String> brokerDefaults() {
        Map<String, String> defaults = new HashMap<>();
        for (LogConfigKey key : LogConfigKey.values()) {
            List<String> group = key.brokerSynonyms();
            for (int i = 0; i < group.size(); i++) {
                String name = group.get(i);
                String value;
                if (name.endsWith(".hours")) {
                    value = Long.toString(Long.parseLong(key.defaultValue()) / HOUR_MS);
                } else {
                    value = i == group.size() - 1 ? key.defaultValue() : null;
                }
                if (value != null) {
                    defaults.put(name, value);
                }
            }
        }
        for (ConfigKey key : BrokerConfig.definitions()) {
            String value = key.defaultValueString();
            if (value != null) {
                defaults.put(key.name(), value);
            } else {
                defaults.remove(key.name());
            }
        }
        return Map.copyOf(defaults);
    }
}
