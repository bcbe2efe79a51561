package io.samsa.broker.log;

import io.samsa.protocol.record.TimestampType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One partition log's configuration: Kafka's topic configs ({@link LogConfigKey}), each resolved from
 * a topic override, else a broker-level synonym ({@code log.segment.bytes} for {@code segment.bytes}),
 * else Kafka's default. Parsed once; immutable, so a topic's config is changed by swapping in a new
 * instance ({@link PartitionLog#updateConfig}).
 *
 * <p>{@code cleanup.policy=compact} is stored and reported, but compaction itself is not implemented;
 * {@code compression.type} other than {@code producer} is likewise stored but batches are kept as
 * the producer compressed them.
 */
public final class LogConfig {
    /** Where a config's effective value came from, as DescribeConfigs reports it. */
    public enum Source { TOPIC_OVERRIDE, BROKER, DEFAULT }

    /** One effective config value, e.g. for DescribeConfigs. */
    public record Entry(String name, String value, Source source) { }

    private static final LogConfig DEFAULTS = fromBroker(Map.of());

    private final Map<LogConfigKey, Object> values;
    private final Map<LogConfigKey, String> rawValues;
    private final Map<LogConfigKey, Source> sources;
    private final TimestampType timestampType;

    private LogConfig(Map<LogConfigKey, Object> values, Map<LogConfigKey, String> rawValues,
                      Map<LogConfigKey, Source> sources) {
        this.values = values;
        this.rawValues = rawValues;
        this.sources = sources;
        this.timestampType = TimestampType.forConfigName((String) values.get(LogConfigKey.MESSAGE_TIMESTAMP_TYPE));
    }

    /** Kafka's defaults, as for a broker configured with no {@code log.*} keys. */
    public static LogConfig defaults() {
        return DEFAULTS;
    }

    /**
     * The broker-wide defaults: every topic config taken from its broker synonym when present
     * ({@code log.retention.ms}, then {@code log.retention.minutes}, then {@code log.retention.hours}),
     * else from Kafka's default. Keys that are not log configs are ignored.
     *
     * @throws LogConfigException naming the first malformed or out-of-range key
     */
    public static LogConfig fromBroker(Map<String, String> brokerProps) {
        Map<LogConfigKey, Object> values = new EnumMap<>(LogConfigKey.class);
        Map<LogConfigKey, String> raw = new EnumMap<>(LogConfigKey.class);
        Map<LogConfigKey, Source> sources = new EnumMap<>(LogConfigKey.class);
        for (LogConfigKey key : LogConfigKey.values()) {
            String synonym = key.brokerSynonyms().stream().filter(brokerProps::containsKey).findFirst().orElse(null);
            if (synonym != null) {
                Object value = key.parse(synonym, brokerProps.get(synonym));
                values.put(key, value);
                raw.put(key, render(value));
                sources.put(key, Source.BROKER);
            } else if (key.defaultValue() != null) {
                values.put(key, key.parse(key.configName(), key.defaultValue()));
                raw.put(key, key.defaultValue());
                sources.put(key, Source.DEFAULT);
            }
        }
        return new LogConfig(values, raw, sources);
    }

    /**
     * This config with a topic's overrides on top (keys are topic-level names, as in CreateTopics).
     *
     * @throws LogConfigException naming an unknown key or a malformed or out-of-range value
     */
    public LogConfig withOverrides(Map<String, String> topicOverrides) {
        if (topicOverrides.isEmpty()) {
            return this;
        }
        Map<LogConfigKey, Object> newValues = new EnumMap<>(values);
        Map<LogConfigKey, String> newRaw = new EnumMap<>(rawValues);
        Map<LogConfigKey, Source> newSources = new EnumMap<>(sources);
        for (Map.Entry<String, String> override : topicOverrides.entrySet()) {
            LogConfigKey key = LogConfigKey.forName(override.getKey());
            if (key == null) {
                throw new LogConfigException(override.getKey(), "unknown topic config " + override.getKey());
            }
            if (override.getValue() == null) {
                throw new LogConfigException(override.getKey(), "missing value for " + override.getKey());
            }
            Object value = key.parse(key.configName(), override.getValue());
            newValues.put(key, value);
            newRaw.put(key, render(value));
            newSources.put(key, Source.TOPIC_OVERRIDE);
        }
        return new LogConfig(newValues, newRaw, newSources);
    }

    /** Checks topic overrides without keeping them: for CreateTopics {@code validate_only} and AlterConfigs. */
    public static void validate(Map<String, String> topicOverrides) {
        DEFAULTS.withOverrides(topicOverrides);
    }

    private static String render(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(Object::toString).toList());
        }
        return value.toString();
    }

    /** Every public topic config with its effective value and source, in Kafka's name order. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (LogConfigKey key : LogConfigKey.values()) {
            if (!key.isInternal()) {
                entries.add(new Entry(key.configName(), rawValues.get(key), sources.get(key)));
            }
        }
        entries.sort((a, b) -> a.name().compareTo(b.name()));
        return entries;
    }

    /** The topic-level overrides in effect (name to value). */
    public Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        sources.forEach((key, source) -> {
            if (source == Source.TOPIC_OVERRIDE) {
                overrides.put(key.configName(), rawValues.get(key));
            }
        });
        return Collections.unmodifiableMap(overrides);
    }

    /** The effective value of {@code key} as a string, or {@code null} if it has none. */
    public String value(LogConfigKey key) {
        return rawValues.get(key);
    }

    private int intValue(LogConfigKey key) {
        return (Integer) values.get(key);
    }

    private long longValue(LogConfigKey key) {
        return (Long) values.get(key);
    }

    // ---- typed accessors -----------------------------------------------------------------

    /** {@code segment.bytes}, or {@code internal.segment.bytes} when a test set it. */
    public int segmentBytes() {
        Integer internal = (Integer) values.get(LogConfigKey.INTERNAL_SEGMENT_BYTES);
        return internal != null ? internal : intValue(LogConfigKey.SEGMENT_BYTES);
    }

    public long segmentMs() {
        return longValue(LogConfigKey.SEGMENT_MS);
    }

    public long segmentJitterMs() {
        return longValue(LogConfigKey.SEGMENT_JITTER_MS);
    }

    /** {@code segment.index.bytes}: the preallocated size of each index file. */
    public int segmentIndexBytes() {
        return intValue(LogConfigKey.SEGMENT_INDEX_BYTES);
    }

    public int indexIntervalBytes() {
        return intValue(LogConfigKey.INDEX_INTERVAL_BYTES);
    }

    public long flushMessages() {
        return longValue(LogConfigKey.FLUSH_MESSAGES);
    }

    public long flushMs() {
        return longValue(LogConfigKey.FLUSH_MS);
    }

    /** {@code retention.bytes}; negative means no size limit. */
    public long retentionBytes() {
        return longValue(LogConfigKey.RETENTION_BYTES);
    }

    /** {@code retention.ms}; negative means no time limit. */
    public long retentionMs() {
        return longValue(LogConfigKey.RETENTION_MS);
    }

    public int maxMessageBytes() {
        return intValue(LogConfigKey.MAX_MESSAGE_BYTES);
    }

    public TimestampType messageTimestampType() {
        return timestampType;
    }

    public long messageTimestampBeforeMaxMs() {
        return longValue(LogConfigKey.MESSAGE_TIMESTAMP_BEFORE_MAX_MS);
    }

    public long messageTimestampAfterMaxMs() {
        return longValue(LogConfigKey.MESSAGE_TIMESTAMP_AFTER_MAX_MS);
    }

    /** {@code cleanup.policy} contains {@code delete}: retention deletes old segments. */
    public boolean deleteEnabled() {
        return ((List<?>) values.get(LogConfigKey.CLEANUP_POLICY)).contains("delete");
    }

    /** {@code cleanup.policy} contains {@code compact} (stored; compaction is not implemented yet). */
    public boolean compactEnabled() {
        return ((List<?>) values.get(LogConfigKey.CLEANUP_POLICY)).contains("compact");
    }

    public long deleteRetentionMs() {
        return longValue(LogConfigKey.DELETE_RETENTION_MS);
    }

    public long fileDeleteDelayMs() {
        return longValue(LogConfigKey.FILE_DELETE_DELAY_MS);
    }

    public int minInsyncReplicas() {
        return intValue(LogConfigKey.MIN_INSYNC_REPLICAS);
    }

    public String compressionType() {
        return (String) values.get(LogConfigKey.COMPRESSION_TYPE);
    }

    public boolean uncleanLeaderElectionEnable() {
        return (Boolean) values.get(LogConfigKey.UNCLEAN_LEADER_ELECTION_ENABLE);
    }

    @Override
    public String toString() {
        return "LogConfig" + overrides();
    }
}
