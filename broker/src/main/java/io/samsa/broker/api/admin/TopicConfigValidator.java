package io.samsa.broker.api.admin;

import io.samsa.broker.log.LogConfig;
import io.samsa.broker.log.LogConfigException;
import io.samsa.broker.log.LogConfigKey;
import io.samsa.broker.metadata.ConfigResource;
import io.samsa.broker.metadata.ConfigValidator;

import java.util.Map;
import java.util.Optional;

/**
 * Checks the topic configs a topic would have after CreateTopics, AlterConfigs or IncrementalAlterConfigs, for the
 * metadata store, which answers INVALID_CONFIG with the message: unknown names (Kafka's "Unknown topic config name"),
 * values the log layer cannot parse or that are out of range, and Kafka's cross-key rules that apply without tiered
 * storage. Broker resources pass: the admin handlers refuse them before they reach the store. Stateless.
 */
public final class TopicConfigValidator implements ConfigValidator {

    @Override
    public Optional<String> validate(ConfigResource resource, Map<String, String> configs) {
        if (resource.type() != ConfigResource.Type.TOPIC) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> config : configs.entrySet()) {
            if (LogConfigKey.forName(config.getKey()) == null) {
                return Optional.of("Unknown topic config name: " + config.getKey());
            }
            if (config.getValue() == null) {
                return Optional.of("Null value not supported for topic configs: " + config.getKey());
            }
        }
        try {
            LogConfig.validate(configs);
        } catch (LogConfigException e) {
            return Optional.of(e.getMessage());
        }
        if ("true".equalsIgnoreCase(configs.getOrDefault("remote.storage.enable", "false").trim())) {
            return Optional.of("Tiered Storage functionality is disabled in the broker. Topic cannot be configured "
                    + "with remote log storage.");
        }
        long minLag = longOr(configs, "min.compaction.lag.ms", 0);
        long maxLag = longOr(configs, "max.compaction.lag.ms", Long.MAX_VALUE);
        if (minLag > maxLag) {
            return Optional.of("conflict topic config setting min.compaction.lag.ms (" + minLag + ") > "
                    + "max.compaction.lag.ms (" + maxLag + ")");
        }
        return Optional.empty();
    }

    private static long longOr(Map<String, String> configs, String key, long fallback) {
        String value = configs.get(key);
        return value == null ? fallback : Long.parseLong(value.trim());
    }
}
