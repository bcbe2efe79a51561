package io.samsa.broker.api.admin;

import io.samsa.broker.config.ConfigSource;
import io.samsa.broker.config.ConfigSynonym;
import io.samsa.broker.config.ConfigType;
import io.samsa.broker.log.LogConfig;
import io.samsa.broker.log.LogConfigKey;
import io.samsa.broker.metadata.MetadataImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A topic's configs as Kafka reports them: every topic config (not just the overrides) with its effective value —
 * the topic override, else the broker setting it falls back to ({@code retention.ms} to {@code log.retention.ms},
 * {@code max.message.bytes} to {@code message.max.bytes} ...), else Kafka's default — and where that value comes from.
 * Two views, because Kafka has two: {@link #describe} follows {@code ConfigHelper} (DescribeConfigs), {@link #effective}
 * follows {@code KafkaConfigSchema.resolveEffectiveTopicConfigs} (CreateTopics v5+); they differ only in the source
 * reported when a broker key is set in other units ({@code log.retention.hours}).
 *
 * <p>Immutable; safe from any thread.
 */
final class TopicConfigs {
    private final ConfigSynonyms synonyms;
    private final LogConfig brokerDefaults;

    TopicConfigs(ConfigSynonyms synonyms) {
        this.synonyms = synonyms;
        this.brokerDefaults = LogConfig.fromBroker(synonyms.config().explicitValues());
    }

    /** DescribeConfigs for a topic with {@code overrides} set: every topic config, sorted by name. */
    List<DescribedConfig> describe(MetadataImage image, Map<String, String> overrides, boolean documentation) {
        List<DescribedConfig> configs = new ArrayList<>();
        for (LogConfig.Entry entry : brokerDefaults.withOverrides(overrides).entries()) {
            LogConfigKey key = LogConfigKey.forName(entry.name());
            List<ConfigSynonym> all = new ArrayList<>();
            if (overrides.containsKey(entry.name())) {
                all.add(new ConfigSynonym(entry.name(), entry.value(), ConfigSource.TOPIC_CONFIG));
            }
            List<String> group = key.brokerSynonyms();
            if (!group.isEmpty()) {
                all.addAll(synonyms.of(image, group.get(0), group));
            }
            ConfigSource source = all.isEmpty() ? ConfigSource.DEFAULT_CONFIG : all.get(0).source();
            configs.add(new DescribedConfig(entry.name(), entry.value(), source, false, false, all, type(key),
                    documentation ? TopicConfigDocs.of(entry.name()) : null));
        }
        return configs;
    }

    /** The configs a topic created with {@code creationConfigs} has, sorted by name (CreateTopics v5+). */
    List<DescribedConfig> effective(MetadataImage image, Map<String, String> creationConfigs) {
        List<DescribedConfig> configs = new ArrayList<>();
        for (LogConfig.Entry entry : brokerDefaults.withOverrides(creationConfigs).entries()) {
            LogConfigKey key = LogConfigKey.forName(entry.name());
            ConfigSource source = creationConfigs.containsKey(entry.name()) ? ConfigSource.TOPIC_CONFIG
                    : synonyms.effectiveSource(image, key.brokerSynonyms());
            configs.add(new DescribedConfig(entry.name(), entry.value(), source, false, false, List.of(), type(key),
                    null));
        }
        return configs;
    }

    private static ConfigType type(LogConfigKey key) {
        return ConfigType.valueOf(key.type().name());
    }
}
