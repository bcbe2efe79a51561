package io.samsa.broker.log;

import io.samsa.broker.common.ManualScheduler;
import io.samsa.broker.common.ManualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static io.samsa.broker.log.LogTestSupport.appendOk;
import static io.samsa.broker.log.LogTestSupport.batch;
import static io.samsa.broker.log.LogTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The recovery point moves only when data is fsynced: by flush.messages, flush.ms, a roll, or close. */
class FlushTest {
    @TempDir
    Path tmp;

    private final ManualTime time = new ManualTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    @Test
    void byDefaultOnlyRollsAndCloseFsync() throws IOException {
        PartitionLog log = PartitionLog.open(tmp.resolve("f-0"), config(1000, 100), time, scheduler);
        for (int i = 0; i < 5; i++) {
            appendOk(log, batch("a" + i, 2, time.milliseconds(), 10));
        }
        assertEquals(0, log.recoveryPoint(), "nothing fsynced yet");
        while (log.numberOfSegments() < 3) {
            appendOk(log, batch("b", 2, time.milliseconds(), 10));
        }
        assertEquals(0, log.recoveryPoint(), "the post-roll fsync runs in the background");
        scheduler.runDue();
        long activeBase = log.segmentBaseOffsets().get(2);
        assertEquals(activeBase, log.recoveryPoint(), "everything before the active segment is durable");
        log.close();
        assertEquals(log.logEndOffset(), LogCheckpoint.read(tmp.resolve("f-0")).recoveryPoint());
    }

    @Test
    void flushMessagesFsyncsAfterThatManyRecords() throws IOException {
        try (PartitionLog log = PartitionLog.open(tmp.resolve("f-0"), config(1 << 20, 4096, Map.of("flush.messages", "5")),
                time, scheduler)) {
            appendOk(log, batch("a", 3, time.milliseconds(), 10));
            assertEquals(0, log.recoveryPoint());
            appendOk(log, batch("b", 3, time.milliseconds(), 10));
            assertEquals(6, log.recoveryPoint(), "6 unflushed records >= flush.messages 5");
            assertEquals(6, LogCheckpoint.read(tmp.resolve("f-0")).recoveryPoint(), "and checkpointed");
            appendOk(log, batch("c", 1, time.milliseconds(), 10));
            assertEquals(6, log.recoveryPoint());
        }
    }

    @Test
    void flushMsFsyncsOnTheLogManagersSchedule() throws IOException {
        LogConfig cfg = config(1 << 20, 4096, Map.of("flush.ms", "1000"));
        LogManagerConfig managerConfig = LogManagerConfig.from(Map.of("log.dirs", tmp.resolve("logs").toString(),
                "log.flush.scheduler.interval.ms", "200", "log.initial.task.delay.ms", "0"));
        try (LogManager manager = LogManager.open(managerConfig, topic -> cfg, time, scheduler)) {
            PartitionLog log = manager.getOrCreateLog(new TopicPartition("f", 0), cfg);
            appendOk(log, batch("a", 4, time.milliseconds(), 10));
            scheduler.advance(800);
            assertEquals(0, log.recoveryPoint(), "flush.ms not reached");
            scheduler.advance(400);
            assertEquals(4, log.recoveryPoint(), "flushed by the flusher task");
        }
    }
}
