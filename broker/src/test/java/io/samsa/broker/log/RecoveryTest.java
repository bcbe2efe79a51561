package io.samsa.broker.log;

import io.samsa.broker.common.ManualScheduler;
import io.netty.buffer.ByteBuf;
import io.samsa.broker.common.ManualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.samsa.broker.log.LogTestSupport.batch;
import static io.samsa.broker.log.LogTestSupport.bytesOf;
import static io.samsa.broker.log.LogTestSupport.config;
import static io.samsa.broker.log.LogTestSupport.readAllBatches;
import static io.samsa.broker.log.LogTestSupport.splitBatches;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash recovery. A "crash image" is a copy of a live log's directory taken while it is open: the
 * checkpoint says unclean, the active indexes are untrimmed, the recovery point is wherever the
 * last fsync left it. The image is then damaged and reopened.
 */
class RecoveryTest {
    @TempDir
    Path tmp;

    private final ManualTime time = new ManualTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final LogConfig config = config(1000, 100);
    private PartitionLog source;
    /** Every batch appended to the source, as stored, with its segment base and file position. */
    private final List<Stored> stored = new ArrayList<>();

    private record Stored(byte[] bytes, long baseOffset, long segmentBase, int position) {
        long nextOffset() {
            return baseOffset + ByteBuffer.wrap(bytes).getInt(23) + 1;
        }
    }

    @BeforeEach
    void openSource() throws IOException {
        source = PartitionLog.open(tmp.resolve("source-0"), config, time, scheduler);
    }

    @AfterEach
    void closeSource() throws IOException {
        source.close();
    }

    private void appendBatches(int n, String tag) {
        for (int i = 0; i < n; i++) {
            ByteBuf batch = batch(tag + i, 1 + i % 3, time.milliseconds() + i, 12);
            byte[] bytes = new byte[batch.readableBytes()];
            batch.getBytes(0, bytes);
            LogAppendInfo info;
            try {
                info = source.append(batch, 5);
            } finally {
                batch.release();
            }
            assertTrue(info.succeeded());
            ByteBuffer.wrap(bytes).putLong(0, info.firstOffset()).putInt(12, 5);
            List<Long> bases = source.segmentBaseOffsets();
            long segmentBase = bases.get(bases.size() - 1);
            int position = stored.isEmpty() || stored.get(stored.size() - 1).segmentBase() != segmentBase ? 0
                    : stored.get(stored.size() - 1).position() + stored.get(stored.size() - 1).bytes().length;
            stored.add(new Stored(bytes, info.firstOffset(), segmentBase, position));
        }
    }

    /** Copies the live source directory, as a crash would leave it on disk. */
    private Path crashImage(String name) throws IOException {
        Path image = tmp.resolve(name + "-0");
        Files.createDirectories(image);
        try (Stream<Path> files = Files.list(tmp.resolve("source-0"))) {
            for (Path file : files.toList()) {
                Files.copy(file, image.resolve(file.getFileName()));
            }
        }
        return image;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static Path logFile(Path dir, long base) {
        return dir.resolve(LogSegment.filenamePrefix(base) + ".log");
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, position);
        }
    }

    /** Opens {@code dir} and checks it holds exactly the first {@code survivors} stored batches, then that appends continue. */
    private void assertRecoveredTo(Path dir, int survivors, boolean checkEveryOffset) throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, config, time, scheduler)) {
            long expectedEnd = survivors == 0 ? 0 : stored.get(survivors - 1).nextOffset();
            assertEquals(expectedEnd, log.logEndOffset(), "log end after recovery");
            List<byte[]> back = readAllBatches(log, log.logEndOffset());
            assertEquals(survivors, back.size());
            for (int i = 0; i < survivors; i++) {
                assertArrayEquals(stored.get(i).bytes(), back.get(i), "batch " + i + " reads back identically");
            }
            if (checkEveryOffset) {
                for (int i = 0; i < survivors; i++) {
                    Stored s = stored.get(i);
                    for (long offset = s.baseOffset(); offset < s.nextOffset(); offset++) {
                        byte[] first = splitBatches(bytesOf(log.read(offset, 1, expectedEnd).records())).get(0);
                        assertEquals(s.baseOffset(), LogTestSupport.baseOffsetOf(first), "rebuilt index finds " + offset);
                    }
                }
            }
            ByteBuf next = batch("after-recovery", 1, time.milliseconds(), 12);
            try {
                assertEquals(expectedEnd, log.append(next, 6).firstOffset(), "appends continue at the recovered end");
            } finally {
                next.release();
            }
        }
    }

    @Test
    void cutAtEveryByteOfTheLastBatchLosesOnlyThatBatch() throws IOException {
        appendBatches(24, "a");
        scheduler.runDue();   // the fsyncs after each roll: the recovery point reaches the active segment
        List<Long> bases = source.segmentBaseOffsets();
        assertTrue(bases.size() > 2);
        assertEquals(bases.get(bases.size() - 1), source.recoveryPoint());
        appendBatches(1, "last");
        Stored last = stored.get(stored.size() - 1);
        int size = last.bytes().length;
        for (int cut = 0; cut <= size; cut++) {
            Path image = crashImage("cut" + cut);
            truncate(logFile(image, last.segmentBase()), last.position() + cut);
            assertRecoveredTo(image, cut == size ? stored.size() : stored.size() - 1, cut == 0 || cut == size / 2);
            deleteTree(image);
        }
    }

    @Test
    void cutAtRandomPointsKeepsEveryBatchBeforeTheCut() throws IOException {
        appendBatches(40, "r");
        Random random = new Random(42);
        for (int trial = 0; trial < 30; trial++) {
            Stored victim = stored.get(random.nextInt(stored.size()));
            int cut = victim.position() + random.nextInt(victim.bytes().length + 1);
            Path image = crashImage("random" + trial);
            truncate(logFile(image, victim.segmentBase()), cut);
            int survivors = 0;
            while (survivors < stored.size() && (stored.get(survivors).segmentBase() < victim.segmentBase()
                    || stored.get(survivors).segmentBase() == victim.segmentBase()
                    && stored.get(survivors).position() + stored.get(survivors).bytes().length <= cut)) {
                survivors++;
            }
            assertRecoveredTo(image, survivors, trial % 10 == 0);
            deleteTree(image);
        }
    }

    @Test
    void aFlippedByteCutsTheLogAtTheBatchItHits() throws IOException {
        appendBatches(20, "f");
        scheduler.runDue();
        appendBatches(6, "g");
        Stored last = stored.get(stored.size() - 1);
        int size = last.bytes().length;
        // Byte 0-7: base offset (outside the CRC; caught by offset continuity), 8-11: length,
        // 16: magic, 17-20: the CRC itself, then attributes, header fields and the records.
        int[] positions = {0, 6, 7, 9, 11, 16, 18, 21, 30, 45, 57, 61, size / 2, size - 1};
        for (int p : positions) {
            Path image = crashImage("flip" + p);
            flipByte(logFile(image, last.segmentBase()), last.position() + p);
            assertRecoveredTo(image, stored.size() - 1, false);
            deleteTree(image);
        }
        Stored middle = stored.get(stored.size() - 4);
        Path image = crashImage("flip-middle");
        flipByte(logFile(image, middle.segmentBase()), middle.position() + middle.bytes().length - 1);
        int survivors = stored.indexOf(middle);
        assertRecoveredTo(image, survivors, true);
    }

    @Test
    void missingIndexesAreRebuiltAfterACleanOrUncleanShutdown() throws IOException {
        appendBatches(60, "i");
        long end = source.logEndOffset();
        List<TimestampAndOffset> lookups = new ArrayList<>();
        for (long target = time.milliseconds() - 1; target < time.milliseconds() + 5; target++) {
            lookups.add(source.fetchOffsetByTimestamp(target));
        }
        Path unclean = crashImage("unclean");
        deleteIndexes(unclean);
        assertRecoveredTo(unclean, stored.size(), true);

        source.close();
        deleteIndexes(tmp.resolve("source-0"));
        source = PartitionLog.open(tmp.resolve("source-0"), config, time, scheduler);
        assertEquals(end, source.logEndOffset());
        int i = 0;
        for (long target = time.milliseconds() - 1; target < time.milliseconds() + 5; target++) {
            assertEquals(lookups.get(i++), source.fetchOffsetByTimestamp(target), "time index rebuilt for " + target);
        }
        long firstBase = source.segmentBaseOffsets().get(0);
        long indexSize = Files.size(tmp.resolve("source-0").resolve(LogSegment.filenamePrefix(firstBase) + ".index"));
        assertTrue(indexSize > 0 && indexSize % 8 == 0, "closed segment's index rebuilt and trimmed: " + indexSize);
        source.close();
        source = PartitionLog.open(tmp.resolve("source-0"), config, time, scheduler);
        assertEquals(stored.size(), readAllBatches(source, end).size());
    }

    private static void deleteIndexes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".index") || name.endsWith(".timeindex")) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void theCheckpointCarriesTheCleanShutdownMarker() throws IOException {
        appendBatches(5, "c");
        assertEquals(false, LogCheckpoint.read(tmp.resolve("source-0")).cleanShutdown(), "cleared while open");
        source.close();
        LogCheckpoint closed = LogCheckpoint.read(tmp.resolve("source-0"));
        assertEquals(true, closed.cleanShutdown());
        assertEquals(stored.get(4).nextOffset(), closed.recoveryPoint());
        source = PartitionLog.open(tmp.resolve("source-0"), config, time, scheduler);
        assertEquals(false, LogCheckpoint.read(tmp.resolve("source-0")).cleanShutdown(), "cleared again on open");
    }
}
