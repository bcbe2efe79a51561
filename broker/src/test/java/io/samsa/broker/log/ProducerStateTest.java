package io.samsa.broker.log;

import io.samsa.broker.common.ManualScheduler;
import io.netty.buffer.ByteBuf;
import io.samsa.broker.common.ManualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.samsa.broker.log.LogTestSupport.config;
import static io.samsa.broker.log.LogTestSupport.producerBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProducerStateTest {
    @TempDir
    Path tmp;

    private final ManualTime time = new ManualTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final List<PartitionLog> opened = new ArrayList<>();
    private static final long PID = 4242;

    @AfterEach
    void closeLogs() throws IOException {
        for (PartitionLog log : opened) {
            log.close();
        }
    }

    private PartitionLog open(Path dir) throws IOException {
        PartitionLog log = PartitionLog.open(dir, config(800, 200), time, scheduler);
        opened.add(log);
        return log;
    }

    private LogAppendInfo produce(PartitionLog log, long pid, int epoch, int seq, int count) {
        ByteBuf batch = producerBatch(pid, (short) epoch, seq, count, time.milliseconds());
        try {
            return log.append(batch, 0);
        } finally {
            batch.release();
        }
    }

    private static void assertAppended(LogAppendInfo info, long first, long last) {
        assertEquals(LogError.NONE, info.error(), info::errorMessage);
        assertFalse(info.duplicate());
        assertEquals(first, info.firstOffset());
        assertEquals(last, info.lastOffset());
    }

    private static void assertDuplicateOf(LogAppendInfo info, long first, long last) {
        assertEquals(LogError.NONE, info.error());
        assertTrue(info.duplicate(), "answered as a duplicate");
        assertEquals(first, info.firstOffset());
        assertEquals(last, info.lastOffset());
    }

    @Test
    void aRetriedBatchGetsItsOriginalOffsetsAndIsNotWrittenTwice() throws IOException {
        PartitionLog log = open(tmp.resolve("p-0"));
        assertAppended(produce(log, PID, 0, 0, 5), 0, 4);
        assertAppended(produce(log, 7, 0, 0, 2), 5, 6);
        long size = log.sizeInBytes();
        assertDuplicateOf(produce(log, PID, 0, 0, 5), 0, 4);
        assertEquals(7, log.logEndOffset());
        assertEquals(size, log.sizeInBytes(), "nothing written for the duplicate");
        assertAppended(produce(log, PID, 0, 5, 3), 7, 9);
    }

    @Test
    void onlyTheLastFiveBatchesAreRemembered() throws IOException {
        PartitionLog log = open(tmp.resolve("p-0"));
        for (int seq = 0; seq < 6; seq++) {
            assertAppended(produce(log, PID, 0, seq, 1), seq, seq);
        }
        assertEquals(LogError.OUT_OF_ORDER_SEQUENCE_NUMBER, produce(log, PID, 0, 0, 1).error(),
                "the oldest batch fell out of the window");
        assertDuplicateOf(produce(log, PID, 0, 1, 1), 1, 1);
        assertDuplicateOf(produce(log, PID, 0, 5, 1), 5, 5);
    }

    @Test
    void aSequenceGapIsOutOfOrder() throws IOException {
        PartitionLog log = open(tmp.resolve("p-0"));
        assertAppended(produce(log, PID, 0, 0, 3), 0, 2);
        LogAppendInfo gap = produce(log, PID, 0, 4, 1);
        assertEquals(LogError.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.error());
        assertEquals(3, log.logEndOffset(), "nothing written");
        assertEquals(LogError.OUT_OF_ORDER_SEQUENCE_NUMBER, produce(log, PID, 0, 1, 1).error(),
                "an overlapping range is not a duplicate");
        assertAppended(produce(log, PID, 0, 3, 1), 3, 3);
    }

    @Test
    void anOlderEpochIsFencedAndANewEpochStartsAtZero() throws IOException {
        PartitionLog log = open(tmp.resolve("p-0"));
        assertAppended(produce(log, PID, 3, 0, 2), 0, 1);
        assertEquals(LogError.INVALID_PRODUCER_EPOCH, produce(log, PID, 2, 2, 1).error());
        assertEquals(LogError.OUT_OF_ORDER_SEQUENCE_NUMBER, produce(log, PID, 4, 2, 1).error(),
                "a bumped epoch must restart at sequence 0");
        assertAppended(produce(log, PID, 4, 0, 1), 2, 2);
        assertEquals(LogError.INVALID_PRODUCER_EPOCH, produce(log, PID, 3, 2, 1).error(), "the old epoch is now fenced");
        assertEquals(4, log.producerState().entry(PID).orElseThrow().producerEpoch());
    }

    @Test
    void anUnknownProducerMayStartAtAnySequenceAndSequencesWrap() throws IOException {
        PartitionLog log = open(tmp.resolve("p-0"));
        assertAppended(produce(log, PID, 0, Integer.MAX_VALUE - 1, 2), 0, 1);
        assertEquals(Integer.MAX_VALUE, log.producerState().entry(PID).orElseThrow().lastSeq());
        assertAppended(produce(log, PID, 0, 0, 1), 2, 2);
    }

    @Test
    void stateSurvivesACleanRestartThroughTheSnapshot() throws IOException {
        Path dir = tmp.resolve("p-0");
        PartitionLog log = open(dir);
        assertAppended(produce(log, PID, 1, 0, 4), 0, 3);
        assertAppended(produce(log, PID, 1, 4, 4), 4, 7);
        log.close();
        opened.remove(log);
        assertTrue(Files.exists(ProducerStateSnapshot.file(dir, 8)), "snapshot at the log end on close");
        PartitionLog reopened = open(dir);
        assertDuplicateOf(produce(reopened, PID, 1, 4, 4), 4, 7);
        assertEquals(LogError.OUT_OF_ORDER_SEQUENCE_NUMBER, produce(reopened, PID, 1, 9, 1).error());
        assertEquals(LogError.INVALID_PRODUCER_EPOCH, produce(reopened, PID, 0, 8, 1).error());
        assertAppended(produce(reopened, PID, 1, 8, 1), 8, 8);
    }

    @Test
    void stateSurvivesACrashBySnapshotPlusReplay() throws IOException {
        Path dir = tmp.resolve("p-0");
        PartitionLog log = open(dir);
        int seq = 0;
        for (int i = 0; i < 30; i++) {
            assertAppended(produce(log, PID, 2, seq, 3), seq, seq + 2L);
            seq += 3;
        }
        scheduler.runDue();   // the post-roll fsyncs write snapshots at the roll offsets
        assertTrue(snapshotCount(dir) > 0);
        assertAppended(produce(log, PID, 2, seq, 3), seq, seq + 2L);   // after the last snapshot: only in the log
        seq += 3;
        assertAppended(produce(log, 99, 0, 0, 1), seq, seq);           // a producer that exists only in the log

        Path image = tmp.resolve("crash-0");
        Files.createDirectories(image);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.copy(file, image.resolve(file.getFileName()));
            }
        }
        PartitionLog recovered = open(image);
        assertDuplicateOf(produce(recovered, PID, 2, seq - 3, 3), seq - 3L, seq - 1L);
        assertDuplicateOf(produce(recovered, 99, 0, 0, 1), seq, seq);
        assertEquals(LogError.OUT_OF_ORDER_SEQUENCE_NUMBER, produce(recovered, PID, 2, seq + 1, 1).error());
        assertAppended(produce(recovered, PID, 2, seq, 1), seq + 1L, seq + 1L);

        Path noSnapshots = tmp.resolve("bare-0");
        Files.createDirectories(noSnapshots);
        try (Stream<Path> files = Files.list(image)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().endsWith(".snapshot")) {
                    Files.copy(file, noSnapshots.resolve(file.getFileName()));
                }
            }
        }
        PartitionLog replayed = open(noSnapshots);
        assertDuplicateOf(produce(replayed, PID, 2, seq, 1), seq + 1L, seq + 1L);
    }

    private static long snapshotCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".snapshot")).count();
        }
    }

    @Test
    void truncationRewindsProducerState() throws IOException {
        PartitionLog log = open(tmp.resolve("p-0"));
        int seq = 0;
        for (int i = 0; i < 12; i++) {
            assertAppended(produce(log, PID, 0, seq, 2), seq, seq + 1L);
            seq += 2;
        }
        scheduler.runDue();
        log.truncateTo(14);
        assertEquals(14, log.logEndOffset());
        assertEquals(13, log.producerState().entry(PID).orElseThrow().lastSeq());
        assertAppended(produce(log, PID, 0, 14, 2), 14, 15);
    }

    @Test
    void idleProducersExpire() throws IOException {
        PartitionLog log = open(tmp.resolve("p-0"));
        assertAppended(produce(log, PID, 0, 0, 1), 0, 0);
        time.advance(1000);
        assertAppended(produce(log, 8, 0, 0, 1), 1, 1);
        assertEquals(1, log.removeExpiredProducers(1000));
        assertTrue(log.producerState().entry(PID).isEmpty());
        assertTrue(log.producerState().entry(8).isPresent());
        assertAppended(produce(log, PID, 0, 77, 1), 2, 2);
    }
}
