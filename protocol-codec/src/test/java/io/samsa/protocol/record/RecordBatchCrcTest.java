package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.samsa.protocol.record.KafkaBatches.BASE_TIMESTAMP;
import static io.samsa.protocol.record.KafkaInteropTest.onlyKafkaBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CRC32C check, and the in-place rewrites that must (or must not) touch it. */
class RecordBatchCrcTest {

    private static ByteBuf sampleBatch(CompressionType compression) {
        return RecordBatchBuilder.of(compression).baseOffset(10L).producer(3L, (short) 1, 0)
                .append(BASE_TIMESTAMP, "k1".getBytes(), "hello".getBytes(), Header.of("h", "v".getBytes()))
                .append(BASE_TIMESTAMP + 7, null, "world".getBytes())
                .append(BASE_TIMESTAMP - 2, "k3".getBytes(), null)
                .build();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyFlippedByteInTheCrcRangeIsDetected(CompressionType compression) {
        ByteBuf buf = sampleBatch(compression);
        try {
            RecordBatch batch = RecordBatch.view(buf);
            assertTrue(batch.isValid());
            for (int i = RecordBatch.ATTRIBUTES_OFFSET; i < buf.readableBytes(); i++) {
                for (int bit = 0; bit < 8; bit++) {
                    buf.setByte(i, buf.getByte(i) ^ (1 << bit));
                    assertFalse(batch.isValid(), "flip of bit " + bit + " at " + i);
                    CorruptRecordException e = assertThrows(CorruptRecordException.class, batch::ensureValid);
                    assertTrue(e.getMessage().contains("crc"), e.getMessage());
                    buf.setByte(i, buf.getByte(i) ^ (1 << bit));
                }
            }
            assertTrue(batch.isValid());
        } finally {
            buf.release();
        }
    }

    @Test
    void aFlippedStoredCrcIsDetected() {
        ByteBuf buf = sampleBatch(CompressionType.NONE);
        try {
            for (int i = RecordBatch.CRC_OFFSET; i < RecordBatch.ATTRIBUTES_OFFSET; i++) {
                buf.setByte(i, buf.getByte(i) ^ 0x10);
                assertFalse(RecordBatch.view(buf).isValid());
                buf.setByte(i, buf.getByte(i) ^ 0x10);
            }
        } finally {
            buf.release();
        }
    }

    @Test
    void crcIsComputedOverCompositeAndDirectBuffersInPlace() {
        ByteBuf heap = sampleBatch(CompressionType.GZIP);
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(heap.readableBytes());
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        try {
            direct.writeBytes(heap, heap.readerIndex(), heap.readableBytes());
            int third = heap.readableBytes() / 3;
            composite.addComponents(true, heap.retainedSlice(0, 30), heap.retainedSlice(30, third),
                    heap.retainedSlice(30 + third, heap.readableBytes() - 30 - third));
            long expected = RecordBatch.view(heap).crc();
            assertEquals(expected, RecordBatch.view(direct).computeCrc());
            assertEquals(expected, RecordBatch.view(composite).computeCrc());
            assertTrue(RecordBatch.view(composite).isValid());
        } finally {
            composite.release();
            direct.release();
            heap.release();
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void offsetAndLeaderEpochRewritesKeepTheCrcValid(CompressionType compression) {
        ByteBuf buf = sampleBatch(compression);
        try {
            RecordBatch batch = RecordBatch.view(buf);
            long crc = batch.crc();
            batch.setBaseOffset(123_456_789L);
            batch.setPartitionLeaderEpoch(42);
            assertEquals(crc, batch.crc());
            batch.ensureValid();
            assertEquals(123_456_791L, batch.lastOffset());
            MutableRecordBatch kafka = onlyKafkaBatch(buf);
            kafka.ensureValid();
            assertEquals(123_456_789L, kafka.baseOffset());
            assertEquals(42, kafka.partitionLeaderEpoch());
            long offset = 123_456_789L;
            try (CloseableIterator<Record> records = batch.records()) {
                while (records.hasNext()) {
                    assertEquals(offset++, records.next().offset());
                }
            }
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void logAppendTimeRewriteRecomputesTheCrc(CompressionType compression) {
        ByteBuf buf = sampleBatch(compression);
        try {
            RecordBatch batch = RecordBatch.view(buf);
            batch.setLogAppendTime(BASE_TIMESTAMP + 1_000);
            batch.ensureValid();
            assertEquals(TimestampType.LOG_APPEND_TIME, batch.timestampType());
            assertEquals(compression, batch.compressionType());
            MutableRecordBatch kafka = onlyKafkaBatch(buf);
            kafka.ensureValid();
            assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, kafka.timestampType());
            assertEquals(BASE_TIMESTAMP + 1_000, kafka.maxTimestamp());
            assertTrue(kafka.isValid());
            for (org.apache.kafka.common.record.internal.Record record : kafka) {
                assertEquals(BASE_TIMESTAMP + 1_000, record.timestamp());
            }
            KafkaBatches.assertSameBatch(kafka, batch);
        } finally {
            buf.release();
        }
    }
}
