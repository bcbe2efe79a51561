package io.samsa.broker.log;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every topic-level config Samsa knows, with Kafka's name, type, default, valid range and the
 * broker-level keys ("synonyms") that supply its default, most specific first. The defaults are
 * Kafka 4.x's (KIP-1030: {@code segment.bytes} at least 1 MiB, {@code message.timestamp.after.max.ms}
 * one hour). Immutable.
 */
public enum LogConfigKey {
    CLEANUP_POLICY("cleanup.policy", Type.LIST, "delete", Set.of("delete", "compact"), "log.cleanup.policy"),
    COMPRESSION_TYPE("compression.type", Type.STRING, "producer",
            Set.of("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"), "compression.type"),
    COMPRESSION_GZIP_LEVEL("compression.gzip.level", Type.INT, "-1", -1, 9, "compression.gzip.level"),
    COMPRESSION_LZ4_LEVEL("compression.lz4.level", Type.INT, "9", 1, 17, "compression.lz4.level"),
    COMPRESSION_ZSTD_LEVEL("compression.zstd.level", Type.INT, "3", -131072, 22, "compression.zstd.level"),
    DELETE_RETENTION_MS("delete.retention.ms", Type.LONG, "86400000", 0, Long.MAX_VALUE,
            "log.cleaner.delete.retention.ms"),
    FILE_DELETE_DELAY_MS("file.delete.delay.ms", Type.LONG, "60000", 0, Long.MAX_VALUE, "log.segment.delete.delay.ms"),
    FLUSH_MESSAGES("flush.messages", Type.LONG, Long.toString(Long.MAX_VALUE), 1, Long.MAX_VALUE,
            "log.flush.interval.messages"),
    FLUSH_MS("flush.ms", Type.LONG, Long.toString(Long.MAX_VALUE), 0, Long.MAX_VALUE,
            "log.flush.interval.ms", "log.flush.scheduler.interval.ms"),
    INDEX_INTERVAL_BYTES("index.interval.bytes", Type.INT, "4096", 0, Integer.MAX_VALUE, "log.index.interval.bytes"),
    MAX_COMPACTION_LAG_MS("max.compaction.lag.ms", Type.LONG, Long.toString(Long.MAX_VALUE), 1, Long.MAX_VALUE,
            "log.cleaner.max.compaction.lag.ms"),
    MAX_MESSAGE_BYTES("max.message.bytes", Type.INT, "1048588", 0, Integer.MAX_VALUE, "message.max.bytes"),
    MESSAGE_TIMESTAMP_AFTER_MAX_MS("message.timestamp.after.max.ms", Type.LONG, "3600000", 0, Long.MAX_VALUE,
            "log.message.timestamp.after.max.ms"),
    MESSAGE_TIMESTAMP_BEFORE_MAX_MS("message.timestamp.before.max.ms", Type.LONG, Long.toString(Long.MAX_VALUE),
            0, Long.MAX_VALUE, "log.message.timestamp.before.max.ms"),
    MESSAGE_TIMESTAMP_TYPE("message.timestamp.type", Type.STRING, "CreateTime", Set.of("CreateTime", "LogAppendTime"),
            "log.message.timestamp.type"),
    MIN_CLEANABLE_DIRTY_RATIO("min.cleanable.dirty.ratio", Type.DOUBLE, "0.5", 0, 1, "log.cleaner.min.cleanable.ratio"),
    MIN_COMPACTION_LAG_MS("min.compaction.lag.ms", Type.LONG, "0", 0, Long.MAX_VALUE,
            "log.cleaner.min.compaction.lag.ms"),
    MIN_INSYNC_REPLICAS("min.insync.replicas", Type.INT, "1", 1, Integer.MAX_VALUE, "min.insync.replicas"),
    PREALLOCATE("preallocate", Type.BOOLEAN, "false", null, "log.preallocate"),
    RETENTION_BYTES("retention.bytes", Type.LONG, "-1", Long.MIN_VALUE, Long.MAX_VALUE, "log.retention.bytes"),
    RETENTION_MS("retention.ms", Type.LONG, "604800000", -1, Long.MAX_VALUE,
            "log.retention.ms", "log.retention.minutes", "log.retention.hours"),
    SEGMENT_BYTES("segment.bytes", Type.INT, "1073741824", 1024 * 1024, Integer.MAX_VALUE, "log.segment.bytes"),
    SEGMENT_INDEX_BYTES("segment.index.bytes", Type.INT, "10485760", 4, Integer.MAX_VALUE, "log.index.size.max.bytes"),
    SEGMENT_JITTER_MS("segment.jitter.ms", Type.LONG, "0", 0, Long.MAX_VALUE,
            "log.roll.jitter.ms", "log.roll.jitter.hours"),
    SEGMENT_MS("segment.ms", Type.LONG, "604800000", 1, Long.MAX_VALUE, "log.roll.ms", "log.roll.hours"),
    UNCLEAN_LEADER_ELECTION_ENABLE("unclean.leader.election.enable", Type.BOOLEAN, "false", null,
            "unclean.leader.election.enable"),
    // Kafka 4.4's topic configs for features Samsa does not have (tiered storage, replication throttles, share-group
    // dead-letter queues): accepted within Kafka's ranges, stored and reported by DescribeConfigs, not acted on.
    ERRORS_DEADLETTERQUEUE_GROUP_ENABLE("errors.deadletterqueue.group.enable", Type.BOOLEAN, "false", null),
    FOLLOWER_REPLICATION_THROTTLED_REPLICAS("follower.replication.throttled.replicas", Type.LIST, "", null),
    LEADER_REPLICATION_THROTTLED_REPLICAS("leader.replication.throttled.replicas", Type.LIST, "", null),
    LOCAL_RETENTION_BYTES("local.retention.bytes", Type.LONG, "-2", -2, Long.MAX_VALUE, "log.local.retention.bytes"),
    LOCAL_RETENTION_MS("local.retention.ms", Type.LONG, "-2", -2, Long.MAX_VALUE, "log.local.retention.ms"),
    MAX_DECOMPRESSED_MESSAGE_BYTES("max.decompressed.message.bytes", Type.INT, "2147483639", 1, 2147483639,
            "max.decompressed.message.bytes"),
    REMOTE_COPY_LAG_BYTES("remote.copy.lag.bytes", Type.LONG, "-1", -1, Long.MAX_VALUE, "log.remote.copy.lag.bytes"),
    REMOTE_COPY_LAG_MS("remote.copy.lag.ms", Type.LONG, "0", -1, Long.MAX_VALUE, "log.remote.copy.lag.ms"),
    REMOTE_LOG_COPY_DISABLE("remote.log.copy.disable", Type.BOOLEAN, "false", null),
    REMOTE_LOG_DELETE_ON_DISABLE("remote.log.delete.on.disable", Type.BOOLEAN, "false", null),
    REMOTE_STORAGE_ENABLE("remote.storage.enable", Type.BOOLEAN, "false", null),
    /**
     * Kafka's testing-only override of {@code segment.bytes} without its 1 MiB minimum, so tests can
     * roll small segments. Internal: not listed by {@link LogConfig#entries()}.
     */
    INTERNAL_SEGMENT_BYTES("internal.segment.bytes", Type.INT, null, 1, Integer.MAX_VALUE);

    /** How a value is written as a string. */
    public enum Type { INT, LONG, DOUBLE, BOOLEAN, STRING, LIST }

    private final String configName;
    private final Type type;
    private final String defaultValue;
    private final double min;
    private final double max;
    private final Set<String> allowed;
    private final List<String> brokerSynonyms;

    LogConfigKey(String name, Type type, String defaultValue, double min, double max, String... brokerSynonyms) {
        this(name, type, defaultValue, min, max, null, brokerSynonyms);
    }

    LogConfigKey(String name, Type type, String defaultValue, Set<String> allowed, String... brokerSynonyms) {
        this(name, type, defaultValue, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, allowed, brokerSynonyms);
    }

    LogConfigKey(String name, Type type, String defaultValue, double min, double max, Set<String> allowed,
                 String... brokerSynonyms) {
        this.configName = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.allowed = allowed;
        this.brokerSynonyms = List.of(brokerSynonyms);
    }

    /** Kafka's topic-level name, e.g. {@code segment.bytes}. */
    public String configName() {
        return configName;
    }

    public Type type() {
        return type;
    }

    /** Kafka's default as a string; {@code null} for an internal key without one. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The broker-level keys that set this config's default, most specific first ({@code log.roll.ms} before {@code log.roll.hours}). */
    public List<String> brokerSynonyms() {
        return brokerSynonyms;
    }

    public boolean isInternal() {
        return this == INTERNAL_SEGMENT_BYTES;
    }

    /** The key named {@code name}, or {@code null}. */
    public static LogConfigKey forName(String name) {
        for (LogConfigKey key : values()) {
            if (key.configName.equals(name)) {
                return key;
            }
        }
        return null;
    }

    /**
     * Parses {@code raw} (the value under {@code sourceName}, a topic key or one of its broker
     * synonyms) into this key's type, converting {@code *.hours}/{@code *.minutes} synonyms to ms.
     *
     * @throws LogConfigException naming {@code sourceName} if the value is malformed or out of range
     */
    Object parse(String sourceName, String raw) {
        String value = raw.trim();
        try {
            Object parsed = switch (type) {
                case INT -> checkRange(sourceName, Integer.parseInt(value));
                case LONG -> checkRange(sourceName, Math.multiplyExact(Long.parseLong(value), unitOf(sourceName)));
                case DOUBLE -> checkRange(sourceName, Double.parseDouble(value));
                case BOOLEAN -> parseBoolean(sourceName, value);
                case STRING -> checkAllowed(sourceName, value);
                case LIST -> parseList(sourceName, value);
            };
            return parsed;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LogConfigException(sourceName, "invalid value '" + raw + "' for " + sourceName + ": not a "
                    + type.name().toLowerCase(Locale.ROOT));
        }
    }

    private static long unitOf(String sourceName) {
        if (sourceName.endsWith(".hours")) {
            return 3_600_000L;
        }
        return sourceName.endsWith(".minutes") ? 60_000L : 1L;
    }

    private <N extends Number> N checkRange(String sourceName, N value) {
        double d = value.doubleValue();
        if (d < min || d > max) {
            throw new LogConfigException(sourceName, "invalid value " + value + " for " + sourceName
                    + ": must be in [" + bound(min) + ", " + bound(max) + "]");
        }
        return value;
    }

    private static String bound(double b) {
        return b == Math.rint(b) && Math.abs(b) < 1e18 ? Long.toString((long) b) : Double.toString(b);
    }

    private static Boolean parseBoolean(String sourceName, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new LogConfigException(sourceName, "invalid value '" + value + "' for " + sourceName + ": not a boolean");
    }

    private String checkAllowed(String sourceName, String value) {
        if (allowed != null && !allowed.contains(value)) {
            throw new LogConfigException(sourceName, "invalid value '" + value + "' for " + sourceName
                    + ": must be one of " + allowed);
        }
        return value;
    }

    private List<String> parseList(String sourceName, String value) {
        List<String> items = value.isEmpty() ? List.of()
                : java.util.Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        for (String item : items) {
            checkAllowed(sourceName, item);
        }
        return items;
    }
}
