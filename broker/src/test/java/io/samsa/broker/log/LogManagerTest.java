package io.samsa.broker.log;

import io.samsa.broker.common.ManualScheduler;
import io.samsa.broker.common.ManualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.samsa.broker.log.LogTestSupport.appendOk;
import static io.samsa.broker.log.LogTestSupport.batch;
import static io.samsa.broker.log.LogTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogManagerTest {
    @TempDir
    Path tmp;

    private final ManualTime time = new ManualTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    private LogManagerConfig managerConfig() {
        return LogManagerConfig.from(Map.of(
                "log.dirs", tmp.resolve("d1") + "," + tmp.resolve("d2"),
                "log.retention.check.interval.ms", "1000",
                "log.initial.task.delay.ms", "0"));
    }

    private LogManager open(Function<String, LogConfig> configs) throws IOException {
        return LogManager.open(managerConfig(), configs, time, scheduler);
    }

    private static List<String> children(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void createsPartitionsInTheLeastLoadedDirectoryAndReopensThemAll() throws IOException {
        LogConfig cfg = config(1000, 100);
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (LogManager manager = open(topic -> cfg)) {
            for (int p = 0; p < 6; p++) {
                TopicPartition tp = new TopicPartition("orders.v1-eu", p);
                PartitionLog log = manager.getOrCreateLog(tp, cfg);
                assertEquals(log, manager.getOrCreateLog(tp, cfg), "created once");
                for (int i = 0; i <= p; i++) {
                    appendOk(log, batch("m" + i, 2, time.milliseconds(), 30));
                }
                ends.put(tp, log.logEndOffset());
            }
            assertEquals(3, children(tmp.resolve("d1")).size());
            assertEquals(3, children(tmp.resolve("d2")).size());
            long total = 0;
            for (LogDirDescription description : manager.describeLogDirs()) {
                assertTrue(description.online());
                assertTrue(description.totalBytes() > 0 && description.usableBytes() > 0);
                assertEquals(3, description.partitionSizes().size());
                for (Map.Entry<TopicPartition, Long> size : description.partitionSizes().entrySet()) {
                    assertEquals(manager.getLog(size.getKey()).orElseThrow().sizeInBytes(), size.getValue());
                    total += size.getValue();
                }
            }
            assertTrue(total > 0);
        }
        try (LogManager reopened = open(topic -> cfg)) {
            assertEquals(6, reopened.allLogs().size());
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                assertEquals(end.getValue(), reopened.getLog(end.getKey()).orElseThrow().logEndOffset(), end.getKey().toString());
            }
        }
    }

    @Test
    void deletingRenamesAtOnceAndRemovesLater() throws IOException {
        LogConfig cfg = config(1000, 100, Map.of("file.delete.delay.ms", "60000"));
        TopicPartition tp = new TopicPartition("gone", 0);
        try (LogManager manager = open(topic -> cfg)) {
            PartitionLog log = manager.getOrCreateLog(tp, cfg);
            appendOk(log, batch("x", 1, time.milliseconds(), 10));
            Path parent = log.dir().getParent();
            assertTrue(manager.deleteLog(tp));
            assertFalse(manager.deleteLog(tp));
            assertTrue(manager.getLog(tp).isEmpty());
            List<String> names = children(parent);
            assertEquals(1, names.size());
            assertTrue(names.get(0).matches("gone-0\\.[0-9a-f]{32}-delete"), names.get(0));
            assertThrows(IllegalStateException.class, () -> log.append(batch("late", 1, time.milliseconds(), 10), 0));
            scheduler.advance(60_000);
            assertEquals(List.of(), children(parent));
        }
        try (LogManager reopened = open(topic -> cfg)) {
            assertTrue(reopened.getLog(tp).isEmpty(), "a deleted partition stays deleted");
        }
    }

    @Test
    void removesHalfDeletedPartitionsAtStart() throws IOException {
        Files.createDirectories(tmp.resolve("d1").resolve("old-3.0123456789abcdef0123456789abcdef-delete"));
        Files.writeString(tmp.resolve("d1").resolve("old-3.0123456789abcdef0123456789abcdef-delete").resolve("x.log"), "x");
        try (LogManager manager = open(topic -> LogConfig.defaults())) {
            scheduler.runDue();
            assertEquals(List.of(), children(tmp.resolve("d1")));
            assertTrue(manager.allLogs().isEmpty());
        }
    }

    @Test
    void aSecondManagerCannotShareTheDirectories() throws IOException {
        try (LogManager manager = open(topic -> LogConfig.defaults())) {
            assertThrows(IOException.class, () -> open(topic -> LogConfig.defaults()));
            assertEquals(2, manager.describeLogDirs().size());
        }
    }

    @Test
    void runsRetentionOnItsSchedule() throws IOException {
        LogConfig cfg = config(600, 4096, Map.of("retention.ms", "5000"));
        try (LogManager manager = open(topic -> cfg)) {
            PartitionLog log = manager.getOrCreateLog(new TopicPartition("t", 0), cfg);
            for (int i = 0; i < 30; i++) {
                appendOk(log, batch("r" + i, 2, time.milliseconds(), 20));
            }
            log.updateHighWatermark(log.logEndOffset());
            int before = log.numberOfSegments();
            scheduler.advance(999);
            assertEquals(before, log.numberOfSegments());
            scheduler.advance(5001);
            assertEquals(1, log.numberOfSegments(), "every expired segment deleted by the scheduled check");
            assertEquals(log.logEndOffset(), log.logStartOffset());
        }
    }

    @Test
    void readsItsSettingsFromBrokerProperties() {
        LogManagerConfig defaults = LogManagerConfig.from(Map.of());
        assertEquals(List.of(Path.of("data")), defaults.logDirs());
        assertEquals(2, defaults.numRecoveryThreadsPerDataDir());
        assertEquals(300_000, defaults.retentionCheckIntervalMs());
        assertEquals(Long.MAX_VALUE, defaults.flushSchedulerIntervalMs());
        LogManagerConfig custom = LogManagerConfig.from(Map.of("log.dir", "/a", "num.recovery.threads.per.data.dir", "4"));
        assertEquals(List.of(Path.of("/a")), custom.logDirs());
        assertEquals(4, custom.numRecoveryThreadsPerDataDir());
        LogConfigException bad = assertThrows(LogConfigException.class,
                () -> LogManagerConfig.from(Map.of("num.recovery.threads.per.data.dir", "0")));
        assertEquals("num.recovery.threads.per.data.dir", bad.key());
    }
}
