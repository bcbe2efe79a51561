package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static io.samsa.protocol.record.KafkaBatches.BASE_TIMESTAMP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Corrupt batches whose CRC has been made to match (as a hostile client could): every mutation
 * must end in {@link CorruptRecordException} or a clean read, never another exception, a large
 * allocation or a hang.
 */
class CorruptBatchFuzzTest {
    private static final int MUTATIONS_PER_CODEC = 4_000;
    /** Generous for a ~20 KB batch, tiny against what a forged length or a bomb would cost. */
    private static final long MAX_ALLOCATION_PER_MUTATION = 16L << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void mutatedBatchesOnlyEverFailAsCorrupt(CompressionType compression) {
        List<SimpleRecord> records = KafkaBatches.sampleRecords(new Random(compression.ordinal()), 6);
        records.set(4, new SimpleRecord(BASE_TIMESTAMP, "big".getBytes(), new byte[5_000]));
        MemoryRecords kafka = KafkaBatches.build(compression, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0L, -1L, 1L, (short) 0, 0, false, 0, records);
        byte[] original = KafkaBatches.bytes(kafka.buffer());
        Random random = new Random(42 + compression.ordinal());
        long started = System.nanoTime();
        int[] outcomes = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int[] counts = new int[2];
            for (int i = 0; i < MUTATIONS_PER_CODEC; i++) {
                byte[] mutated = mutate(original, random);
                counts[readAll(mutated) ? 0 : 1]++;
            }
            return counts;
        });
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("%s: %d mutations, %d read cleanly, %d corrupt, %d ms%n",
                compression.configName(), MUTATIONS_PER_CODEC, outcomes[0], outcomes[1], millis);
        // Uncompressed batches read cleanly when a flip lands in a key or value; codecs notice more.
        assertTrue(outcomes[1] > MUTATIONS_PER_CODEC / 4, "mutations must be detected");
    }

    /** Reads everything a broker would; true if the batch read cleanly, false if it was corrupt. */
    private static boolean readAll(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        try {
            RecordBatch batch = RecordBatch.view(buf);
            batch.ensureValid();
            int count = 0;
            try (CloseableIterator<Record> it = batch.records()) {
                while (it.hasNext()) {
                    it.next();
                    count++;
                }
            }
            assertEquals(batch.recordCount(), count);
            batch.firstOffsetWithTimestampAtLeast(BASE_TIMESTAMP);
            batch.offsetOfMaxTimestamp();
            return true;
        } catch (CorruptRecordException expected) {
            return false;
        } catch (Throwable unexpected) {
            throw new AssertionError("not a CorruptRecordException: " + unexpected, unexpected);
        } finally {
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (allocated > MAX_ALLOCATION_PER_MUTATION) {
                fail("one corrupt batch of " + bytes.length + " bytes allocated " + allocated + " bytes");
            }
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes;
        switch (random.nextInt(6)) {
            case 0 -> { // flip a few bytes of the (compressed) records
                bytes = original.clone();
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    int i = RecordBatch.HEADER_SIZE + random.nextInt(bytes.length - RecordBatch.HEADER_SIZE);
                    bytes[i] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> { // truncate the records, keeping the framing consistent
                bytes = java.util.Arrays.copyOf(original,
                        RecordBatch.HEADER_SIZE + random.nextInt(original.length - RecordBatch.HEADER_SIZE));
                setInt(bytes, RecordBatch.BATCH_LENGTH_OFFSET, bytes.length - RecordBatch.LOG_OVERHEAD);
            }
            case 2 -> { // forge a huge or negative length somewhere in the records
                bytes = original.clone();
                int i = RecordBatch.HEADER_SIZE + random.nextInt(bytes.length - RecordBatch.HEADER_SIZE - 5);
                byte[] varint = random.nextBoolean()
                        ? new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}
                        : new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
                System.arraycopy(varint, 0, bytes, i, varint.length);
            }
            case 3 -> { // lie about the record count or offset range
                bytes = original.clone();
                int field = random.nextBoolean() ? RecordBatch.RECORD_COUNT_OFFSET : RecordBatch.LAST_OFFSET_DELTA_OFFSET;
                int[] lies = {-1, 0, 1, 5, 7, 1_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE};
                setInt(bytes, field, lies[random.nextInt(lies.length)]);
            }
            case 4 -> { // switch the codec under the payload
                bytes = original.clone();
                bytes[RecordBatch.ATTRIBUTES_OFFSET + 1] =
                        (byte) ((bytes[RecordBatch.ATTRIBUTES_OFFSET + 1] & ~7) | random.nextInt(8));
            }
            default -> { // replace a run of the records with random bytes
                bytes = original.clone();
                int from = RecordBatch.HEADER_SIZE + random.nextInt(bytes.length - RecordBatch.HEADER_SIZE);
                int length = Math.min(bytes.length - from, 1 + random.nextInt(64));
                byte[] noise = new byte[length];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, bytes, from, length);
            }
        }
        // Make the CRC match, so the records themselves are what is checked.
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        buf.setInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.computeCrc(buf));
        return bytes;
    }

    private static void setInt(byte[] bytes, int offset, int value) {
        Unpooled.wrappedBuffer(bytes).setInt(offset, value);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aBatchThatDecompressesPastTheLimitIsCorrupt(CompressionType compression) {
        ByteBuf buf = RecordBatchBuilder.of(compression).append(BASE_TIMESTAMP, null, new byte[2 << 20]).build();
        try {
            RecordBatch batch = RecordBatch.view(buf);
            assertTrue(buf.readableBytes() < 1 << 20, "zeros compress well");
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> {
                try (CloseableIterator<Record> records = batch.records(1 << 20)) {
                    records.next();
                }
            });
            assertTrue(e.getMessage().contains("1048576"), e.getMessage());
            try (CloseableIterator<Record> records = batch.records()) {
                assertEquals(2 << 20, records.next().value().length);
            }
        } finally {
            buf.release();
        }
    }

    @Test
    void truncatedBuffersAreCorruptNotOutOfBounds() {
        ByteBuf buf = RecordBatchBuilder.of(CompressionType.LZ4).append(BASE_TIMESTAMP, null, new byte[100]).build();
        try {
            for (int length = 0; length < buf.readableBytes(); length++) {
                ByteBuf truncated = buf.slice(0, length);
                assertThrows(CorruptRecordException.class, () -> RecordBatch.view(truncated));
            }
        } finally {
            buf.release();
        }
    }
}
