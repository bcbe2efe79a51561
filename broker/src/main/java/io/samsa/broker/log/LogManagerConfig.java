package io.samsa.broker.log;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The broker-level settings of the {@link LogManager}, with Kafka's names and defaults:
 * {@code log.dirs} (else {@code log.dir}; Samsa's default is {@code ./data}),
 * {@code num.recovery.threads.per.data.dir} (2, KIP-1030), {@code log.retention.check.interval.ms}
 * (300000), {@code log.flush.scheduler.interval.ms} (Long.MAX_VALUE: no time-based flushing),
 * {@code producer.id.expiration.ms} (86400000), {@code producer.id.expiration.check.interval.ms}
 * (600000) and {@code log.initial.task.delay.ms} (30000). Immutable.
 */
public record LogManagerConfig(List<Path> logDirs, int numRecoveryThreadsPerDataDir, long retentionCheckIntervalMs,
                               long flushSchedulerIntervalMs, long producerIdExpirationMs,
                               long producerIdExpirationCheckIntervalMs, long initialTaskDelayMs) {

    public LogManagerConfig {
        logDirs = List.copyOf(logDirs);
        if (logDirs.isEmpty()) {
            throw new LogConfigException("log.dirs", "log.dirs must name at least one directory");
        }
    }

    /** Kafka's defaults with the given directories. */
    public static LogManagerConfig of(List<Path> logDirs) {
        return from(Map.of("log.dirs", String.join(",", logDirs.stream().map(Path::toString).toList())));
    }

    /**
     * Reads the settings from broker properties; other keys are ignored.
     *
     * @throws LogConfigException naming the first malformed or out-of-range key
     */
    public static LogManagerConfig from(Map<String, String> props) {
        String dirs = props.getOrDefault("log.dirs", props.getOrDefault("log.dir", "data"));
        List<Path> logDirs = Arrays.stream(dirs.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Path::of).toList();
        return new LogManagerConfig(logDirs,
                (int) positive(props, "num.recovery.threads.per.data.dir", 2),
                positive(props, "log.retention.check.interval.ms", 300_000L),
                positive(props, "log.flush.scheduler.interval.ms", Long.MAX_VALUE),
                positive(props, "producer.id.expiration.ms", 86_400_000L),
                positive(props, "producer.id.expiration.check.interval.ms", 600_000L),
                nonNegative(props, "log.initial.task.delay.ms", 30_000L));
    }

    private static long positive(Map<String, String> props, String key, long defaultValue) {
        long value = parse(props, key, defaultValue);
        if (value < 1) {
            throw new LogConfigException(key, "invalid value " + value + " for " + key + ": must be at least 1");
        }
        return value;
    }

    private static long nonNegative(Map<String, String> props, String key, long defaultValue) {
        long value = parse(props, key, defaultValue);
        if (value < 0) {
            throw new LogConfigException(key, "invalid value " + value + " for " + key + ": must be at least 0");
        }
        return value;
    }

    private static long parse(Map<String, String> props, String key, long defaultValue) {
        String raw = props.get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new LogConfigException(key, "invalid value '" + raw + "' for " + key + ": not a number");
        }
    }
}
