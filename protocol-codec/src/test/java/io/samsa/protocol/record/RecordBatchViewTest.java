package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.samsa.protocol.record.KafkaBatches.BASE_TIMESTAMP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Framing, header accessors and the small value types. */
class RecordBatchViewTest {

    private static ByteBuf twoRecords() {
        return RecordBatchBuilder.of(CompressionType.NONE).baseOffset(5L)
                .append(BASE_TIMESTAMP, "a".getBytes(), "1".getBytes())
                .append(BASE_TIMESTAMP + 1, "b".getBytes(), "2".getBytes())
                .build();
    }

    @Test
    void viewCoversExactlyOneBatchWithoutMovingTheReaderIndex() {
        ByteBuf one = twoRecords();
        ByteBuf buf = Unpooled.buffer().writeByte(99).writeBytes(one).writeBytes(new byte[] {1, 2, 3});
        one.release();
        try {
            buf.readerIndex(1);
            RecordBatch batch = RecordBatch.view(buf);
            assertEquals(1, buf.readerIndex());
            assertEquals(buf.readableBytes() - 3, batch.sizeInBytes());
            assertEquals(batch.sizeInBytes(), batch.buffer().readableBytes());
            assertEquals(batch.sizeInBytes() - RecordBatch.LOG_OVERHEAD, batch.batchLength());
            assertEquals(batch.sizeInBytes(), RecordBatch.sizeOf(buf, 1));
            assertEquals(-1, RecordBatch.sizeOf(buf, buf.writerIndex() - 11));
            assertEquals(5L, batch.baseOffset());
            assertEquals(6L, batch.lastOffset());
            assertEquals(7L, batch.nextOffset());
            assertEquals(2, batch.recordCount());
            assertEquals(BASE_TIMESTAMP + 1, batch.maxTimestamp());
            assertFalse(batch.hasProducerId());
            assertEquals(RecordBatch.NO_SEQUENCE, batch.lastSequence());
            assertEquals(RecordBatch.NO_TIMESTAMP, batch.deleteHorizonMs());
            batch.ensureValid();
        } finally {
            buf.release();
        }
    }

    @Test
    void viewRejectsBadFraming() {
        ByteBuf buf = twoRecords();
        try {
            buf.setInt(RecordBatch.BATCH_LENGTH_OFFSET, RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD - 1);
            assertThrows(CorruptRecordException.class, () -> RecordBatch.view(buf));
            assertEquals(RecordBatch.HEADER_SIZE - 1, RecordBatch.sizeOf(buf, 0));
            buf.setInt(RecordBatch.BATCH_LENGTH_OFFSET, -5);
            assertEquals(0, RecordBatch.sizeOf(buf, 0));
            assertThrows(CorruptRecordException.class, () -> RecordBatch.view(buf));
            buf.setInt(RecordBatch.BATCH_LENGTH_OFFSET, Integer.MAX_VALUE);
            assertEquals(Integer.MAX_VALUE, RecordBatch.sizeOf(buf, 0));
            assertThrows(CorruptRecordException.class, () -> RecordBatch.view(buf));
            buf.setInt(RecordBatch.BATCH_LENGTH_OFFSET, buf.readableBytes() - RecordBatch.LOG_OVERHEAD);
            buf.setByte(RecordBatch.MAGIC_OFFSET, 1);
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> RecordBatch.view(buf));
            assertTrue(e.getMessage().contains("magic"), e.getMessage());
        } finally {
            buf.release();
        }
    }

    @Test
    void viewAllRejectsATrailingPartialBatch() {
        ByteBuf one = twoRecords();
        ByteBuf buf = Unpooled.buffer().writeBytes(one, 0, one.readableBytes()).writeBytes(one, 0, 20);
        try {
            assertThrows(CorruptRecordException.class, () -> RecordBatch.viewAll(buf));
            buf.writerIndex(one.readableBytes());
            assertEquals(1, RecordBatch.viewAll(buf).size());
        } finally {
            buf.release();
            one.release();
        }
    }

    @Test
    void ensureValidRejectsMoreRecordsThanOffsets() {
        ByteBuf buf = twoRecords();
        try {
            buf.setInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 0);
            buf.setInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.computeCrc(buf));
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> RecordBatch.view(buf).ensureValid());
            assertTrue(e.getMessage().contains("2 records"), e.getMessage());
            buf.setShort(RecordBatch.ATTRIBUTES_OFFSET, 5);
            buf.setInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 1);
            buf.setInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.computeCrc(buf));
            e = assertThrows(CorruptRecordException.class, () -> RecordBatch.view(buf).ensureValid());
            assertTrue(e.getMessage().contains("compression"), e.getMessage());
        } finally {
            buf.release();
        }
    }

    @Test
    void sequencesWrapAsKafkasDo() {
        assertEquals(org.apache.kafka.common.record.internal.DefaultRecordBatch.incrementSequence(Integer.MAX_VALUE, 5),
                RecordBatch.incrementSequence(Integer.MAX_VALUE, 5));
        assertEquals(4, RecordBatch.incrementSequence(Integer.MAX_VALUE, 5));
        assertEquals(15, RecordBatch.incrementSequence(10, 5));
    }

    @Test
    void recordsCarryNullsHeadersAndSequences() {
        ByteBuf buf = RecordBatchBuilder.of(CompressionType.ZSTD).producer(8L, (short) 0, 100)
                .append(BASE_TIMESTAMP, null, null, Header.of("a", null), Header.of("b", new byte[0]))
                .build();
        try (CloseableIterator<Record> records = RecordBatch.view(buf).records()) {
            Record record = records.next();
            assertNull(record.key());
            assertNull(record.value());
            assertEquals(100, record.sequence());
            assertEquals(List.of(Header.of("a", null), Header.of("b", new byte[0])), record.headers());
            assertFalse(records.hasNext());
        } finally {
            buf.release();
        }
    }

    @Test
    void valueTypesUseKafkasIdsAndNames() {
        for (org.apache.kafka.common.record.internal.CompressionType kafka
                : org.apache.kafka.common.record.internal.CompressionType.values()) {
            CompressionType samsa = CompressionType.forId(kafka.id);
            assertEquals(kafka.name, samsa.configName());
            assertSame(samsa, CompressionType.forName(kafka.name));
        }
        assertThrows(CorruptRecordException.class, () -> CompressionType.forId(5));
        for (org.apache.kafka.common.record.internal.ControlRecordType kafka
                : org.apache.kafka.common.record.internal.ControlRecordType.values()) {
            assertEquals(kafka.name(), ControlRecordType.forType(kafka.type()).name());
        }
        assertSame(ControlRecordType.UNKNOWN, ControlRecordType.forType((short) 99));
        assertSame(TimestampType.LOG_APPEND_TIME, TimestampType.forConfigName("LogAppendTime"));
    }
}
