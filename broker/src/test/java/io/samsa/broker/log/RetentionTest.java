package io.samsa.broker.log;

import io.samsa.broker.common.ManualScheduler;
import io.samsa.broker.common.ManualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.samsa.broker.log.LogTestSupport.appendOk;
import static io.samsa.broker.log.LogTestSupport.batch;
import static io.samsa.broker.log.LogTestSupport.bytesOf;
import static io.samsa.broker.log.LogTestSupport.config;
import static io.samsa.broker.log.LogTestSupport.splitBatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionTest {
    @TempDir
    Path tmp;

    private final ManualTime time = new ManualTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final List<PartitionLog> opened = new ArrayList<>();

    @AfterEach
    void closeLogs() throws IOException {
        for (PartitionLog log : opened) {
            log.close();
        }
    }

    private PartitionLog open(LogConfig config) throws IOException {
        PartitionLog log = PartitionLog.open(tmp.resolve("t-0"), config, time, scheduler);
        opened.add(log);
        return log;
    }

    private Path dir() {
        return tmp.resolve("t-0");
    }

    private long filesEnding(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }

    @Test
    void deletesSegmentsOlderThanRetentionMsButNeverPastTheHighWatermark() throws IOException {
        PartitionLog log = open(config(600, 4096, Map.of("retention.ms", "10000", "file.delete.delay.ms", "5000")));
        List<long[]> batches = new ArrayList<>();   // {firstOffset, timestamp}
        for (int i = 0; i < 40; i++) {
            batches.add(new long[] {appendOk(log, batch("r" + i, 2, time.milliseconds(), 20)).firstOffset(), time.milliseconds()});
            time.advance(1000);
        }
        List<Long> bases = log.segmentBaseOffsets();
        assertTrue(bases.size() > 5);
        time.advance(5000);
        assertEquals(0, log.deleteOldSegments(), "nothing is deletable above the high watermark (0)");

        log.updateHighWatermark(log.logEndOffset());
        long now = time.milliseconds();
        // A segment's age is its newest record's; the oldest segments go while that is over 10 s old.
        long expectedStart = bases.get(0);
        for (int s = 0; s < bases.size(); s++) {
            long segmentEnd = s + 1 < bases.size() ? bases.get(s + 1) : Long.MAX_VALUE;
            long newest = batches.stream().filter(b -> b[0] < segmentEnd).mapToLong(b -> b[1]).max().orElseThrow();
            if (now - newest <= 10_000) {
                break;
            }
            expectedStart = segmentEnd;
        }
        int deleted = log.deleteOldSegments();
        assertEquals(bases.indexOf(expectedStart), deleted);
        assertTrue(deleted > 0 && deleted < bases.size(), "deleted " + deleted + " of " + bases.size());
        assertEquals(expectedStart, log.logStartOffset());
        assertEquals(bases.subList(deleted, bases.size()), log.segmentBaseOffsets());
        assertEquals(LogError.OFFSET_OUT_OF_RANGE, log.read(expectedStart - 1, 1000, log.logEndOffset()).error());
        assertEquals(expectedStart, LogTestSupport.baseOffsetOf(
                splitBatches(bytesOf(log.read(expectedStart, 1000, log.logEndOffset()).records())).get(0)));

        assertEquals(3L * deleted, filesEnding(".deleted"), "renamed until file.delete.delay.ms passes");
        scheduler.advance(5000);
        assertEquals(0, filesEnding(".deleted"));
    }

    @Test
    void whenEverySegmentExpiresTheLogRollsAndKeepsItsEnd() throws IOException {
        PartitionLog log = open(config(600, 4096, Map.of("retention.ms", "1000")));
        for (int i = 0; i < 10; i++) {
            appendOk(log, batch("e" + i, 3, time.milliseconds(), 20));
        }
        long end = log.logEndOffset();
        log.updateHighWatermark(end);
        time.advance(1001);
        assertTrue(log.deleteOldSegments() > 0);
        assertEquals(List.of(end), log.segmentBaseOffsets());
        assertEquals(end, log.logStartOffset());
        assertEquals(end, log.logEndOffset());
        assertEquals(end, appendOk(log, batch("next", 1, time.milliseconds(), 20)).firstOffset());
    }

    @Test
    void deletesTheOldestSegmentsBeyondRetentionBytes() throws IOException {
        PartitionLog log = open(config(1000, 4096, Map.of("retention.bytes", "2500")));
        for (int i = 0; i < 60; i++) {
            appendOk(log, batch("s" + i, 2, time.milliseconds(), 20));
        }
        log.updateHighWatermark(log.logEndOffset());
        long before = log.sizeInBytes();
        int deleted = log.deleteOldSegments();
        assertTrue(deleted > 0);
        long after = log.sizeInBytes();
        assertTrue(after >= 2500 - 1000 && before > after, "size " + before + " -> " + after);
        assertTrue(after - firstSegmentSize(log) < 2500, "deleting one more segment would drop below retention.bytes");
        assertTrue(after >= 2500 || log.numberOfSegments() == 1, "never below retention.bytes: " + after);
    }

    private long firstSegmentSize(PartitionLog log) throws IOException {
        return Files.size(dir().resolve(LogSegment.filenamePrefix(log.segmentBaseOffsets().get(0)) + ".log"));
    }

    @Test
    void deleteRecordsBeforeMovesTheLogStartAndSurvivesRestart() throws IOException {
        PartitionLog log = open(config(700, 4096));
        for (int i = 0; i < 30; i++) {
            appendOk(log, batch("d" + i, 3, time.milliseconds(), 20));
        }
        long end = log.logEndOffset();
        log.updateHighWatermark(40);
        assertEquals(new DeleteRecordsResult(LogError.OFFSET_OUT_OF_RANGE, 0), log.deleteRecordsBefore(41));
        DeleteRecordsResult result = log.deleteRecordsBefore(37);
        assertEquals(new DeleteRecordsResult(LogError.NONE, 37), result);
        assertEquals(37, log.logStartOffset());
        assertTrue(log.segmentBaseOffsets().get(0) <= 37 && log.segmentBaseOffsets().get(0) > 0,
                "segments wholly below 37 are gone: " + log.segmentBaseOffsets());
        assertEquals(LogError.OFFSET_OUT_OF_RANGE, log.read(36, 100, end).error());
        byte[] first = splitBatches(bytesOf(log.read(37, 100, end).records())).get(0);
        assertEquals(36, LogTestSupport.baseOffsetOf(first), "offset 37 sits in the batch 36..38");
        assertEquals(new DeleteRecordsResult(LogError.NONE, 37), log.deleteRecordsBefore(10), "never moves back");

        log.close();
        opened.remove(log);
        PartitionLog reopened = open(config(700, 4096));
        assertEquals(37, reopened.logStartOffset());
        assertEquals(end, reopened.logEndOffset());
        assertFalse(reopened.read(36, 100, end).error() == LogError.NONE);
    }
}
