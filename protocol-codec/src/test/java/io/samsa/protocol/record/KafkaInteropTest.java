package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static io.samsa.protocol.record.KafkaBatches.BASE_TIMESTAMP;
import static io.samsa.protocol.record.KafkaBatches.assertSameBatch;
import static io.samsa.protocol.record.KafkaBatches.sampleRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches cross between kafka-clients and Samsa in both directions, for every codec. */
class KafkaInteropTest {
    private static final org.apache.kafka.common.record.TimestampType KAFKA_CREATE_TIME =
            org.apache.kafka.common.record.TimestampType.CREATE_TIME;
    private static final org.apache.kafka.common.record.TimestampType KAFKA_LOG_APPEND_TIME =
            org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME;

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void samsaReadsIdempotentBatchesWrittenByKafka(CompressionType compression) {
        List<SimpleRecord> records = sampleRecords(new Random(compression.ordinal()), 12);
        MemoryRecords kafka = KafkaBatches.build(compression, KAFKA_CREATE_TIME, 1000L, -1L, 4711L, (short) 3, 42,
                false, 7, records);
        assertSameAsKafka(kafka, 1);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void samsaReadsTransactionalLogAppendTimeBatchesWrittenByKafka(CompressionType compression) {
        List<SimpleRecord> records = sampleRecords(new Random(100 + compression.ordinal()), 7);
        MemoryRecords kafka = KafkaBatches.build(compression, KAFKA_LOG_APPEND_TIME, 5L, BASE_TIMESTAMP + 99_999L,
                9L, (short) 1, Integer.MAX_VALUE - 2, true, 0, records);
        RecordBatch batch = assertSameAsKafka(kafka, 1).get(0);
        assertEquals(TimestampType.LOG_APPEND_TIME, batch.timestampType());
        // Sequences wrap past Integer.MAX_VALUE to 0, as Kafka's do.
        assertEquals(3, batch.lastSequence());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void samsaReadsSeveralBatchesBackToBack(CompressionType compression) {
        MemoryRecords kafka = MemoryRecords.withRecords(0L, KafkaBatches.kafkaCompression(compression),
                new SimpleRecord(BASE_TIMESTAMP, "k".getBytes(), "v".getBytes()),
                new SimpleRecord(BASE_TIMESTAMP + 1, null, "v2".getBytes()));
        ByteBuffer two = ByteBuffer.allocate(kafka.sizeInBytes() * 2);
        two.put(kafka.buffer().duplicate()).put(kafka.buffer().duplicate()).flip();
        assertSameAsKafka(MemoryRecords.readableRecords(two), 2);
    }

    @Test
    void samsaReadsKafkaTransactionMarkers() {
        for (org.apache.kafka.common.record.internal.ControlRecordType type : List.of(
                org.apache.kafka.common.record.internal.ControlRecordType.COMMIT,
                org.apache.kafka.common.record.internal.ControlRecordType.ABORT)) {
            MemoryRecords kafka = MemoryRecords.withEndTransactionMarker(77L, BASE_TIMESTAMP, 12, 4711L, (short) 5,
                    new org.apache.kafka.common.record.internal.EndTransactionMarker(type, 33));
            RecordBatch batch = assertSameAsKafka(kafka, 1).get(0);
            assertTrue(batch.isControlBatch());
            assertTrue(batch.isTransactional());
            try (CloseableIterator<Record> records = batch.records()) {
                EndTransactionMarker marker = EndTransactionMarker.from(records.next());
                assertEquals(type.name(), marker.type().name());
                assertEquals(33, marker.coordinatorEpoch());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafkaReadsBatchesWrittenBySamsa(CompressionType compression) {
        List<SimpleRecord> records = sampleRecords(new Random(200 + compression.ordinal()), 15);
        ByteBuf built = KafkaBatches.appendAll(RecordBatchBuilder.of(compression)
                .baseOffset(300L).partitionLeaderEpoch(4).producer(4711L, (short) 2, 17).transactional(true),
                records).build();
        try {
            MutableRecordBatch kafka = onlyKafkaBatch(built);
            kafka.ensureValid();
            assertEquals(compression.configName(), kafka.compressionType().name);
            assertEquals(300L, kafka.baseOffset());
            assertEquals(314L, kafka.lastOffset());
            assertEquals(4, kafka.partitionLeaderEpoch());
            assertEquals(4711L, kafka.producerId());
            assertEquals((short) 2, kafka.producerEpoch());
            assertEquals(17, kafka.baseSequence());
            assertTrue(kafka.isTransactional());
            assertFalse(kafka.isControlBatch());
            assertEquals(KAFKA_CREATE_TIME, kafka.timestampType());
            assertEquals(records.stream().mapToLong(SimpleRecord::timestamp).max().orElseThrow(), kafka.maxTimestamp());
            Iterator<org.apache.kafka.common.record.internal.Record> read = kafka.iterator();
            for (int i = 0; i < records.size(); i++) {
                org.apache.kafka.common.record.internal.Record record = read.next();
                assertEquals(300L + i, record.offset());
                assertEquals(new SimpleRecord(record), records.get(i));
            }
            assertFalse(read.hasNext());
            assertSameBatch(kafka, RecordBatch.view(built));
        } finally {
            built.release();
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafkaReadsLogAppendTimeBatchesWrittenBySamsa(CompressionType compression) {
        ByteBuf built = RecordBatchBuilder.of(compression).logAppendTime(BASE_TIMESTAMP + 5)
                .append(BASE_TIMESTAMP, "a".getBytes(), "1".getBytes())
                .append(BASE_TIMESTAMP - 3, null, null)
                .build();
        try {
            MutableRecordBatch kafka = onlyKafkaBatch(built);
            kafka.ensureValid();
            assertEquals(KAFKA_LOG_APPEND_TIME, kafka.timestampType());
            for (org.apache.kafka.common.record.internal.Record record : kafka) {
                assertEquals(BASE_TIMESTAMP + 5, record.timestamp());
            }
            assertSameBatch(kafka, RecordBatch.view(built));
        } finally {
            built.release();
        }
    }

    @Test
    void kafkaReadsTransactionMarkersWrittenBySamsa() {
        ByteBuf built = RecordBatchBuilder.of(CompressionType.NONE).baseOffset(90L).partitionLeaderEpoch(3)
                .producer(4711L, (short) 6, RecordBatch.NO_SEQUENCE)
                .appendEndTxnMarker(BASE_TIMESTAMP, new EndTransactionMarker(ControlRecordType.ABORT, 21))
                .build();
        try {
            MutableRecordBatch kafka = onlyKafkaBatch(built);
            kafka.ensureValid();
            assertTrue(kafka.isControlBatch());
            assertTrue(kafka.isTransactional());
            org.apache.kafka.common.record.internal.EndTransactionMarker marker =
                    org.apache.kafka.common.record.internal.EndTransactionMarker.deserialize(kafka.iterator().next());
            assertEquals(org.apache.kafka.common.record.internal.ControlRecordType.ABORT, marker.controlType());
            assertEquals(21, marker.coordinatorEpoch());
            // Byte for byte what kafka-clients writes for the same marker.
            MemoryRecords expected = MemoryRecords.withEndTransactionMarker(90L, BASE_TIMESTAMP, 3, 4711L, (short) 6,
                    new org.apache.kafka.common.record.internal.EndTransactionMarker(
                            org.apache.kafka.common.record.internal.ControlRecordType.ABORT, 21));
            assertEquals(expected.buffer(), built.nioBuffer());
        } finally {
            built.release();
        }
    }

    @Test
    void uncompressedBatchesAreByteForByteKafkas() {
        List<SimpleRecord> records = sampleRecords(new Random(7), 9);
        MemoryRecords expected = KafkaBatches.build(CompressionType.NONE, KAFKA_CREATE_TIME, 12L, -1L, 5L, (short) 0, 0,
                false, 2, records);
        ByteBuf built = KafkaBatches.appendAll(RecordBatchBuilder.of(CompressionType.NONE).baseOffset(12L)
                .partitionLeaderEpoch(2).producer(5L, (short) 0, 0), records).build();
        try {
            assertEquals(expected.buffer(), built.nioBuffer());
        } finally {
            built.release();
        }
    }

    private static List<RecordBatch> assertSameAsKafka(MemoryRecords kafka, int expectedBatches) {
        ByteBuf buf = Unpooled.wrappedBuffer(kafka.buffer().duplicate());
        List<RecordBatch> batches = RecordBatch.viewAll(buf);
        assertEquals(expectedBatches, batches.size());
        int i = 0;
        for (MutableRecordBatch kafkaBatch : kafka.batches()) {
            RecordBatch samsa = batches.get(i++);
            samsa.ensureValid();
            assertSameBatch(kafkaBatch, samsa);
        }
        assertEquals(expectedBatches, i);
        return batches;
    }

    static MutableRecordBatch onlyKafkaBatch(ByteBuf batch) {
        MemoryRecords records = MemoryRecords.readableRecords(batch.nioBuffer());
        Iterator<MutableRecordBatch> batches = records.batches().iterator();
        MutableRecordBatch only = batches.next();
        assertFalse(batches.hasNext());
        return only;
    }
}
