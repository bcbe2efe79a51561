package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.samsa.protocol.record.KafkaBatches.BASE_TIMESTAMP;
import static io.samsa.protocol.record.KafkaInteropTest.onlyKafkaBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Framings other producers write that Kafka's clients do not: librdkafka's raw snappy block and
 * liblz4 frames with checksums and a content size.
 */
class CompressionFramingTest {

    /** An uncompressed batch with a 200 KB record, so compressed forms span several blocks. */
    private static ByteBuf plainBatch() {
        byte[] big = new byte[200_000];
        Random random = new Random(3);
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + random.nextInt(4));
        }
        return RecordBatchBuilder.of(CompressionType.NONE).baseOffset(40L)
                .append(BASE_TIMESTAMP, "k".getBytes(), big, Header.of("h", new byte[] {1}))
                .append(BASE_TIMESTAMP + 3, null, "small".getBytes())
                .build();
    }

    private static List<Record> records(RecordBatch batch) {
        List<Record> records = new ArrayList<>();
        try (CloseableIterator<Record> it = batch.records()) {
            it.forEachRemaining(records::add);
        }
        return records;
    }

    /** The same batch with its records replaced by {@code payload} under {@code compression}. */
    private static ByteBuf withPayload(ByteBuf plain, CompressionType compression, byte[] payload) {
        ByteBuf out = Unpooled.buffer(RecordBatch.HEADER_SIZE + payload.length);
        out.writeBytes(plain, 0, RecordBatch.HEADER_SIZE).writeBytes(payload);
        out.setInt(RecordBatch.BATCH_LENGTH_OFFSET, out.readableBytes() - RecordBatch.LOG_OVERHEAD);
        out.setShort(RecordBatch.ATTRIBUTES_OFFSET, (out.getShort(RecordBatch.ATTRIBUTES_OFFSET) & ~7) | compression.id());
        out.setInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.computeCrc(out));
        return out;
    }

    private static byte[] plainRecords(ByteBuf plain) {
        return ByteBufUtil.getBytes(plain, RecordBatch.HEADER_SIZE, plain.readableBytes() - RecordBatch.HEADER_SIZE);
    }

    @Test
    void rawSnappyAsLibrdkafkaWritesItIsRead() throws IOException {
        ByteBuf plain = plainBatch();
        ByteBuf raw = withPayload(plain, CompressionType.SNAPPY, Snappy.compress(plainRecords(plain)));
        try {
            RecordBatch batch = RecordBatch.view(raw);
            batch.ensureValid();
            assertEquals(records(RecordBatch.view(plain)), records(batch));
            MutableRecordBatch kafka = onlyKafkaBatch(raw);
            KafkaBatches.assertSameBatch(kafka, batch);
        } finally {
            raw.release();
            plain.release();
        }
    }

    @Test
    void lz4FramesWithChecksumsAndContentSizeAreRead() throws IOException {
        ByteBuf plain = plainBatch();
        byte[] records = plainRecords(plain);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(bytes, LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB,
                records.length, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
            lz4.write(records);
        }
        byte[] frame = bytes.toByteArray();
        ByteBuf framed = withPayload(plain, CompressionType.LZ4, frame);
        try {
            assertEquals(records(RecordBatch.view(plain)), records(RecordBatch.view(framed)));
            // A block checksum that does not match is corrupt.
            int firstBlockData = 4 + 3 + 8 + 4; // magic, FLG BD, content size, HC; then a block size
            frame[firstBlockData + 10] ^= 1;
            ByteBuf damaged = withPayload(plain, CompressionType.LZ4, frame);
            try {
                CorruptRecordException e = assertThrows(CorruptRecordException.class,
                        () -> records(RecordBatch.view(damaged)));
                assertEquals(true, e.getMessage().contains("lz4"), e.getMessage());
            } finally {
                damaged.release();
            }
        } finally {
            framed.release();
            plain.release();
        }
    }

    @Test
    void aForgedSnappyLengthIsRejectedBeforeAllocating() {
        ByteBuf plain = plainBatch();
        // A varint claiming a 2 GB block inside a 6-byte payload.
        byte[] forged = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0};
        ByteBuf batch = withPayload(plain, CompressionType.SNAPPY, forged);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try {
            long before = threads.getCurrentThreadAllocatedBytes();
            assertThrows(CorruptRecordException.class, () -> records(RecordBatch.view(batch)));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(true, allocated < 1 << 20, "allocated " + allocated + " bytes");
        } finally {
            batch.release();
            plain.release();
        }
    }
}
