package io.samsa.broker.log;

import io.samsa.broker.common.ManualScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.common.ManualTime;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.ControlRecordType;
import io.samsa.protocol.record.EndTransactionMarker;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.protocol.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.samsa.broker.log.LogTestSupport.appendOk;
import static io.samsa.broker.log.LogTestSupport.batch;
import static io.samsa.broker.log.LogTestSupport.bytesOf;
import static io.samsa.broker.log.LogTestSupport.config;
import static io.samsa.broker.log.LogTestSupport.readAllBatches;
import static io.samsa.broker.log.LogTestSupport.records;
import static io.samsa.broker.log.LogTestSupport.splitBatches;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLogTest {
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
        PartitionLog log = PartitionLog.open(tmp.resolve("topic-0"), config, time, scheduler);
        opened.add(log);
        return log;
    }

    /** Appends {@code batch} and returns the bytes the log should now hold for it: offsets and epoch assigned. */
    private static byte[] appendExpecting(PartitionLog log, ByteBuf batch, int epoch) {
        byte[] expected = new byte[batch.readableBytes()];
        batch.getBytes(batch.readerIndex(), expected);
        try {
            LogAppendInfo info = log.append(batch, epoch);
            assertTrue(info.succeeded(), () -> "append failed: " + info);
            ByteBuffer.wrap(expected).putLong(0, info.firstOffset()).putInt(12, epoch);
            return expected;
        } finally {
            batch.release();
        }
    }

    @Test
    void appendsAndReadsBackAcrossManyRolls() throws IOException {
        PartitionLog log = open(config(2000, 300));
        List<byte[]> expected = new ArrayList<>();
        long next = 0;
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            int count = 1 + random.nextInt(7);
            byte[] stored = appendExpecting(log, batch("b" + i, count, time.milliseconds(), 20), 3);
            assertEquals(next, LogTestSupport.baseOffsetOf(stored), "offsets are consecutive");
            next += count;
            expected.add(stored);
        }
        assertEquals(next, log.logEndOffset());
        assertTrue(log.numberOfSegments() > 20, "rolled many times: " + log.numberOfSegments());
        List<byte[]> actual = readAllBatches(log, log.logEndOffset());
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "batch " + i);
        }
        for (long base : log.segmentBaseOffsets()) {
            assertTrue(expected.stream().anyMatch(b -> LogTestSupport.baseOffsetOf(b) == base) || base == next,
                    "segment " + base + " starts at a batch boundary");
        }

        log.close();
        opened.remove(log);
        PartitionLog reopened = open(config(2000, 300));
        assertEquals(next, reopened.logEndOffset());
        List<byte[]> afterReopen = readAllBatches(reopened, reopened.logEndOffset());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), afterReopen.get(i), "batch " + i + " after reopen");
        }
    }

    @Test
    void aFetchAtAnyOffsetReturnsTheWholeBatchHoldingIt() throws IOException {
        PartitionLog log = open(config(1500, 200));
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            LogAppendInfo info = appendOk(log, batch("x" + i, 1 + i % 5, time.milliseconds(), 15));
            ranges.add(new long[] {info.firstOffset(), info.lastOffset()});
        }
        for (long[] range : ranges) {
            for (long offset = range[0]; offset <= range[1]; offset++) {
                FetchDataInfo fetch = log.read(offset, 1, log.logEndOffset());
                List<byte[]> batches = splitBatches(bytesOf(fetch.records()));
                assertEquals(1, batches.size(), "one batch despite maxBytes 1 (minOneBatch)");
                assertEquals(range[0], LogTestSupport.baseOffsetOf(batches.get(0)), "fetch at " + offset);
                assertEquals(0, log.read(offset, 1, log.logEndOffset(), false).records().sizeInBytes(),
                        "nothing fits in 1 byte without minOneBatch");
            }
        }
    }

    @Test
    void readsStopAtMaxBytesAndTheUpperBound() throws IOException {
        PartitionLog log = open(config(1 << 20, 4096));
        List<LogAppendInfo> infos = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            infos.add(appendOk(log, batch("m" + i, 3, time.milliseconds(), 30)));
        }
        FetchDataInfo all = log.read(0, 1 << 20, log.logEndOffset());
        int batchSize = all.records().sizeInBytes() / 20;
        FetchDataInfo some = log.read(0, batchSize * 5 + batchSize / 2, log.logEndOffset());
        assertEquals(5, splitBatches(bytesOf(some.records())).size(), "whole batches that fit");

        long hw = infos.get(9).lastOffset() + 1;
        assertEquals(hw, log.updateHighWatermark(hw));
        List<byte[]> belowHw = splitBatches(bytesOf(log.read(0, 1 << 20, log.highWatermark()).records()));
        assertEquals(10, belowHw.size());
        List<byte[]> midBatchBound = splitBatches(bytesOf(log.read(0, 1 << 20, hw + 1).records()));
        assertEquals(10, midBatchBound.size(), "a batch straddling the bound is not returned");
        assertEquals(0, log.read(hw, 1 << 20, hw).records().sizeInBytes(), "nothing at the bound");

        assertEquals(LogError.NONE, log.read(log.logEndOffset(), 100, log.logEndOffset()).error());
        assertEquals(LogError.OFFSET_OUT_OF_RANGE, log.read(log.logEndOffset() + 1, 100, Long.MAX_VALUE).error());
        assertEquals(log.updateHighWatermark(Long.MAX_VALUE), log.logEndOffset(), "the high watermark is clamped");
    }

    @Test
    void readsMatchABruteForceModelForAnyOffsetSizeAndBound() throws IOException {
        PartitionLog log = open(config(3000, 120));
        List<long[]> batches = new ArrayList<>();   // {first, last, size, segmentBase}
        Random random = new Random(3);
        for (int i = 0; i < 150; i++) {
            LogAppendInfo info = appendOk(log, batch("q" + i, 1 + random.nextInt(4), time.milliseconds(), 5 + random.nextInt(60)));
            List<Long> bases = log.segmentBaseOffsets();
            batches.add(new long[] {info.firstOffset(), info.lastOffset(), 0, bases.get(bases.size() - 1)});
        }
        for (long[] b : batches) {
            byte[] stored = splitBatches(bytesOf(log.read(b[0], 1, b[1] + 1).records())).get(0);
            b[2] = stored.length;
        }
        long end = log.logEndOffset();
        for (int trial = 0; trial < 3000; trial++) {
            long fetch = random.nextInt((int) end);
            int maxBytes = 1 + random.nextInt(1500);
            long bound = fetch + random.nextInt((int) (end - fetch) + 1);
            boolean minOne = random.nextBoolean();
            List<Long> expected = new ArrayList<>();
            int at = 0;
            while (batches.get(at)[1] < fetch) {
                at++;
            }
            long segment = batches.get(at)[3];
            long total = 0;
            for (int i = at; i < batches.size() && batches.get(i)[3] == segment && batches.get(i)[1] < bound; i++) {
                if (total + batches.get(i)[2] > maxBytes && !(expected.isEmpty() && minOne)) {
                    break;
                }
                expected.add(batches.get(i)[0]);
                total += batches.get(i)[2];
                if (total > maxBytes) {
                    break;
                }
            }
            List<Long> actual = splitBatches(bytesOf(log.read(fetch, maxBytes, bound, minOne).records())).stream()
                    .map(LogTestSupport::baseOffsetOf).toList();
            assertEquals(expected, actual, "read(" + fetch + ", " + maxBytes + ", " + bound + ", " + minOne + ")");
        }
    }

    @Test
    void validatesBatchesAndWritesNothingOnError() throws IOException {
        PartitionLog log = open(config(1 << 20, 4096, Map.of("max.message.bytes", "400")));
        appendOk(log, batch("ok", 2, time.milliseconds(), 10));
        long end = log.logEndOffset();
        long size = log.sizeInBytes();

        ByteBuf corrupt = batch("bad", 2, time.milliseconds(), 10);
        corrupt.setByte(corrupt.writerIndex() - 1, corrupt.getByte(corrupt.writerIndex() - 1) ^ 1);
        assertError(log, corrupt, LogError.CORRUPT_MESSAGE);

        ByteBuf truncated = batch("cut", 2, time.milliseconds(), 10);
        truncated.writerIndex(truncated.writerIndex() - 3);
        assertError(log, truncated, LogError.CORRUPT_MESSAGE);

        ByteBuf magic1 = batch("old", 1, time.milliseconds(), 10);
        magic1.setByte(16, 1);
        assertError(log, magic1, LogError.INVALID_RECORD);

        assertError(log, batch("big", 10, time.milliseconds(), 60), LogError.MESSAGE_TOO_LARGE);
        assertError(log, Unpooled.buffer(0), LogError.INVALID_RECORD);

        ByteBuf badCount = batch("count", 3, time.milliseconds(), 10);
        badCount.setInt(57, 2);
        RecordBatch view = RecordBatch.view(badCount);
        badCount.setInt(17, (int) view.computeCrc());
        assertError(log, badCount, LogError.INVALID_RECORD);

        assertError(log, marker(), LogError.INVALID_RECORD);
        assertError(log, batch("future", 1, time.milliseconds() + 2 * 3_600_000L, 10), LogError.INVALID_TIMESTAMP);

        assertEquals(end, log.logEndOffset());
        assertEquals(size, log.sizeInBytes());

        ByteBuf coordinatorMarker = marker();
        try {
            assertTrue(log.append(coordinatorMarker, 0, AppendOrigin.COORDINATOR).succeeded(), "coordinators write markers");
        } finally {
            coordinatorMarker.release();
        }
    }

    private static ByteBuf marker() {
        return RecordBatchBuilder.of(CompressionType.NONE).producer(9, (short) 0, -1)
                .appendEndTxnMarker(1, new EndTransactionMarker(ControlRecordType.COMMIT, 0)).build();
    }

    private static void assertError(PartitionLog log, ByteBuf records, LogError expected) {
        try {
            LogAppendInfo info = log.append(records, 0);
            assertEquals(expected, info.error(), () -> String.valueOf(info.errorMessage()));
        } finally {
            records.release();
        }
    }

    @Test
    void appendsSeveralBatchesAtOnceAndStampsTheLeaderEpoch() throws IOException {
        PartitionLog log = open(config(1 << 20, 4096));
        ByteBuf first = batch("a", 2, time.milliseconds(), 10);
        ByteBuf second = batch("b", 3, time.milliseconds(), 10);
        ByteBuf both = Unpooled.wrappedBuffer(first, second);
        LogAppendInfo info;
        try {
            info = log.append(both, 42);
        } finally {
            both.release();
        }
        assertEquals(0, info.firstOffset());
        assertEquals(4, info.lastOffset());
        assertEquals(-1, info.logAppendTime());
        List<byte[]> stored = readAllBatches(log, log.logEndOffset());
        assertEquals(2, stored.size());
        assertEquals(2, LogTestSupport.baseOffsetOf(stored.get(1)));
        assertEquals(42, ByteBuffer.wrap(stored.get(1)).getInt(12));
        assertEquals(List.of(2L, 3L, 4L), records(stored.get(1)).stream().map(Record::offset).toList());
    }

    @Test
    void aCopyOfOlderEpochsIntoALogOpenedAtANewerOneEndsThemWhereTheirBatchesEnd() throws IOException {
        PartitionLog leader = open(config(1 << 20, 4096));
        appendExpecting(leader, batch("a", 3, time.milliseconds(), 10), 0);
        appendExpecting(leader, batch("b", 2, time.milliseconds(), 10), 0);
        appendExpecting(leader, batch("c", 4, time.milliseconds(), 10), 1);
        PartitionLog copy = PartitionLog.open(tmp.resolve("copy-0"), config(1 << 20, 4096), time, scheduler);
        opened.add(copy);
        copy.assignLeaderEpoch(1); // the replica's partition opened, empty, at the metadata's epoch

        for (byte[] batch : readAllBatches(leader, leader.logEndOffset())) {
            copy.appendAsFollower(Unpooled.wrappedBuffer(batch));
        }
        assertEquals(new EpochEndOffset(0, 5), copy.endOffsetForEpoch(0));
        assertEquals(new EpochEndOffset(1, 9), copy.endOffsetForEpoch(1));
        assertEquals(leader.endOffsetForEpoch(0), copy.endOffsetForEpoch(0));
    }

    @Test
    void logAppendTimeTopicsGetTheBrokersTime() throws IOException {
        PartitionLog log = open(config(1 << 20, 4096, Map.of("message.timestamp.type", "LogAppendTime")));
        time.advance(12345);
        LogAppendInfo info = appendOk(log, batch("t", 3, 5, 10));
        assertEquals(time.milliseconds(), info.logAppendTime());
        byte[] stored = readAllBatches(log, log.logEndOffset()).get(0);
        RecordBatch view = RecordBatch.view(Unpooled.wrappedBuffer(stored));
        assertEquals(TimestampType.LOG_APPEND_TIME, view.timestampType());
        assertEquals(time.milliseconds(), view.maxTimestamp());
        assertTrue(view.isValid(), "CRC recomputed");
        assertTrue(records(stored).stream().allMatch(r -> r.timestamp() == time.milliseconds()));
    }

    @Test
    void findsTheFirstRecordAtOrAfterATimestampInsideBatches() throws IOException {
        PartitionLog log = open(config(1200, 150));
        Random random = new Random(11);
        List<long[]> all = new ArrayList<>();   // {offset, timestamp} in offset order
        long base = time.milliseconds();
        CompressionType[] codecs = {CompressionType.NONE, CompressionType.GZIP, CompressionType.LZ4, CompressionType.ZSTD};
        for (int i = 0; i < 60; i++) {
            long[] timestamps = new long[1 + random.nextInt(6)];
            for (int j = 0; j < timestamps.length; j++) {
                timestamps[j] = base + i * 10L + random.nextInt(40) - 15;   // out of order within and across batches
            }
            LogAppendInfo info = appendOk(log, batch("t" + i, timestamps, 12, codecs[i % codecs.length]));
            for (int j = 0; j < timestamps.length; j++) {
                all.add(new long[] {info.firstOffset() + j, timestamps[j]});
            }
        }
        assertTrue(log.numberOfSegments() > 3);
        long maxTimestamp = all.stream().mapToLong(r -> r[1]).max().orElseThrow();
        for (long target = base - 20; target <= maxTimestamp + 1; target++) {
            final long t = target;
            long[] want = all.stream().filter(r -> r[1] >= t).findFirst().orElse(null);
            TimestampAndOffset got = log.fetchOffsetByTimestamp(target);
            if (want == null) {
                assertEquals(TimestampAndOffset.NONE, got, "no record at or after " + target);
            } else {
                assertEquals(want[0], got.offset(), "offset for " + target);
                assertEquals(want[1], got.timestamp(), "timestamp for " + target);
            }
        }
        long[] max = all.stream().filter(r -> r[1] == maxTimestamp).findFirst().orElseThrow();
        TimestampAndOffset latest = log.fetchOffsetByTimestamp(-3);
        assertEquals(max[0], latest.offset());
        assertEquals(maxTimestamp, latest.timestamp());
        assertEquals(0, log.fetchOffsetByTimestamp(-2).offset());

        log.updateHighWatermark(log.logEndOffset());
        long start = all.get(all.size() / 2)[0] + 1;
        assertEquals(LogError.NONE, log.deleteRecordsBefore(start).error());
        for (long target = base - 20; target <= maxTimestamp; target += 7) {
            TimestampAndOffset got = log.fetchOffsetByTimestamp(target);
            assertTrue(got.isNone() || got.offset() >= start, "never below the log start: " + got);
        }
        assertEquals(start, log.fetchOffsetByTimestamp(-2).offset());
    }

    @Test
    void anEmptyLogHasNoTimestamps() throws IOException {
        PartitionLog log = open(config(1 << 20, 4096));
        assertEquals(TimestampAndOffset.NONE, log.fetchOffsetByTimestamp(0));
        assertEquals(TimestampAndOffset.NONE, log.fetchOffsetByTimestamp(-3));
        assertEquals(0, log.fetchOffsetByTimestamp(-2).offset());
    }

    @Test
    void rollsBySegmentAgeAndByAFullIndex() throws IOException {
        PartitionLog aged = open(config(1 << 20, 4096, Map.of("segment.ms", "1000")));
        appendOk(aged, batch("a", 1, time.milliseconds(), 10));
        time.advance(1000);
        appendOk(aged, batch("b", 1, time.milliseconds(), 10));
        assertEquals(1, aged.numberOfSegments(), "not older than segment.ms yet");
        time.advance(1);
        appendOk(aged, batch("c", 1, time.milliseconds(), 10));
        assertEquals(List.of(0L, 2L), aged.segmentBaseOffsets());

        PartitionLog indexed = PartitionLog.open(tmp.resolve("indexed-0"),
                config(1 << 20, 0, Map.of("segment.index.bytes", "32")), time, scheduler);
        opened.add(indexed);
        for (int i = 0; i < 12; i++) {
            appendOk(indexed, batch("i" + i, 1, time.milliseconds(), 10));
        }
        assertEquals(List.of(0L, 5L, 10L), indexed.segmentBaseOffsets(), "4 index entries per segment, then a roll");
        for (long offset = 0; offset < 12; offset++) {
            assertEquals(offset, LogTestSupport.baseOffsetOf(splitBatches(bytesOf(indexed.read(offset, 1, 12).records())).get(0)));
        }
        ByteBuf many = Unpooled.wrappedBuffer(batch("m0", 1, time.milliseconds(), 10), batch("m1", 1, time.milliseconds(), 10),
                batch("m2", 1, time.milliseconds(), 10), batch("m3", 1, time.milliseconds(), 10),
                batch("m4", 1, time.milliseconds(), 10), batch("m5", 1, time.milliseconds(), 10));
        try {
            assertEquals(12, indexed.append(many, 0).firstOffset(), "an append of more batches than the index has room for");
        } finally {
            many.release();
        }
        for (long offset = 0; offset < 18; offset++) {
            assertEquals(offset, LogTestSupport.baseOffsetOf(splitBatches(bytesOf(indexed.read(offset, 1, 18).records())).get(0)));
        }
    }

    @Test
    void truncationRemovesTheTailAndAppendsContinue() throws IOException {
        PartitionLog log = open(config(1000, 100));
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expected.add(appendExpecting(log, batch("t" + i, 2, time.milliseconds(), 10), 1));
        }
        assertEquals(30, log.truncateTo(30));
        assertEquals(30, log.logEndOffset());
        assertEquals(15, readAllBatches(log, 30).size());
        LogAppendInfo info = appendOk(log, batch("after", 2, time.milliseconds(), 10));
        assertEquals(30, info.firstOffset());
        List<byte[]> back = readAllBatches(log, log.logEndOffset());
        for (int i = 0; i < 15; i++) {
            assertArrayEquals(expected.get(i), back.get(i));
        }
        log.truncateFullyAndStartAt(500);
        assertEquals(500, log.logStartOffset());
        assertEquals(500, log.logEndOffset());
        assertEquals(500, appendOk(log, batch("fresh", 1, time.milliseconds(), 10)).firstOffset());
        assertEquals(List.of(500L), log.segmentBaseOffsets());
    }

    static byte[] flip(byte[] bytes, int index) {
        byte[] copy = Arrays.copyOf(bytes, bytes.length);
        copy[index] ^= 0x40;
        return copy;
    }
}
