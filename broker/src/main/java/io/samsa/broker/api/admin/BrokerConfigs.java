package io.samsa.broker.api.admin;

import io.samsa.broker.BrokerConfig;
import io.samsa.broker.config.ConfigKey;
import io.samsa.broker.config.ConfigSource;
import io.samsa.broker.config.ConfigSynonym;
import io.samsa.broker.config.ConfigType;
import io.samsa.broker.log.LogConfigKey;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.ReplicationThrottles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A broker's configs as Kafka's DescribeConfigs reports them ({@code ConfigHelper.createBrokerConfigEntry}): for this
 * broker every key Samsa defines, plus the unknown keys set in {@code server.properties} (Kafka lists those too); for
 * the cluster-wide resource (empty name) only the dynamic cluster defaults. {@code read_only} is Kafka's update mode
 * of the key; Samsa itself applies broker configs at start-up only (AlterConfigs on a broker is refused), except the
 * dynamic replication throttle rates, listed once set.
 *
 * <p>Immutable; safe from any thread.
 */
final class BrokerConfigs {
    private final ConfigSynonyms synonyms;

    BrokerConfigs(ConfigSynonyms synonyms) {
        this.synonyms = synonyms;
    }

    /** DescribeConfigs for this broker's id. */
    List<DescribedConfig> describe(MetadataImage image, boolean documentation) {
        BrokerConfig config = synonyms.config();
        List<DescribedConfig> configs = new ArrayList<>();
        for (String name : config.unknownKeys()) {
            List<ConfigSynonym> all = synonyms.of(image, name, ConfigSynonyms.brokerGroup(name));
            LogConfigKey topicKey = topicKeyWithSynonym(name);
            configs.add(new DescribedConfig(name, config.explicitValues().get(name), sourceOf(all), topicKey == null,
                    false, all, typeOfSynonym(name, topicKey), null));
        }
        for (ConfigKey key : BrokerConfig.definitions()) {
            List<ConfigSynonym> all = synonyms.of(image, key.name(), ConfigSynonyms.brokerGroup(key.name()));
            configs.add(new DescribedConfig(key.name(), config.valueString(key.name()), sourceOf(all), key.readOnly(),
                    false, all, key.type(), documentation ? key.documentation() : null));
        }
        // Dynamic-only configs set on this broker (the replication throttle rates), as Kafka lists them once set.
        for (Map.Entry<String, String> e : new TreeMap<>(image.brokerConfigs(config.nodeId())).entrySet()) {
            String name = e.getKey();
            if (BrokerConfig.definitions().stream().noneMatch(k -> k.name().equals(name))
                    && !config.unknownKeys().contains(name)) {
                List<ConfigSynonym> all = synonyms.of(image, name, ConfigSynonyms.brokerGroup(name));
                configs.add(new DescribedConfig(name, e.getValue(), ConfigSource.DYNAMIC_BROKER_CONFIG, false, false,
                        all, ReplicationThrottles.isRate(name) ? ConfigType.LONG : null, null));
            }
        }
        return configs;
    }

    /** DescribeConfigs for the cluster-wide default resource: its dynamic configs, with only cluster-level synonyms. */
    List<DescribedConfig> describeClusterDefaults(MetadataImage image, boolean documentation) {
        List<DescribedConfig> configs = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(image.clusterConfigs()).entrySet()) {
            String name = e.getKey();
            List<ConfigSynonym> all = synonyms.of(image, name, ConfigSynonyms.brokerGroup(name)).stream()
                    .filter(s -> s.source() == ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG).toList();
            ConfigKey key = BrokerConfig.definitions().stream().filter(k -> k.name().equals(name)).findFirst()
                    .orElse(null);
            configs.add(new DescribedConfig(name, e.getValue(), sourceOf(all), key == null || key.readOnly(), false,
                    all, key == null ? null : key.type(), documentation && key != null ? key.documentation() : null));
        }
        return configs;
    }

    private static ConfigSource sourceOf(List<ConfigSynonym> synonyms) {
        return synonyms.isEmpty() ? ConfigSource.DEFAULT_CONFIG : synonyms.get(0).source();
    }

    /** The topic config whose broker default {@code name} is, for keys Samsa's broker table does not define. */
    private static LogConfigKey topicKeyWithSynonym(String name) {
        for (LogConfigKey key : LogConfigKey.values()) {
            if (key.brokerSynonyms().contains(name)) {
                return key;
            }
        }
        return null;
    }

    private static ConfigType typeOfSynonym(String name, LogConfigKey topicKey) {
        if (topicKey == null) {
            return null;
        }
        return name.endsWith(".hours") || name.endsWith(".minutes") ? ConfigType.INT
                : ConfigType.valueOf(topicKey.type().name());
    }
}
