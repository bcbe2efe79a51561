package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ListOffsets' search inside one batch, where record timestamps need not be in order. */
class TimestampSearchTest {
    private static final long[] TIMESTAMPS = {100, 50, 300, 200, 300, 10};

    private static MemoryRecords kafkaBatch(CompressionType compression,
                                            org.apache.kafka.common.record.TimestampType type) {
        SimpleRecord[] records = new SimpleRecord[TIMESTAMPS.length];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(TIMESTAMPS[i], null, ("v" + i).getBytes());
        }
        return MemoryRecords.withRecords((byte) 2, 10L, KafkaBatches.kafkaCompression(compression), type, records);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void findsTheFirstRecordAtOrAfterATimestamp(CompressionType compression) {
        MemoryRecords kafka = kafkaBatch(compression, org.apache.kafka.common.record.TimestampType.CREATE_TIME);
        RecordBatch batch = RecordBatch.view(Unpooled.wrappedBuffer(kafka.buffer()));
        assertEquals(10L, batch.firstOffsetWithTimestampAtLeast(0));
        assertEquals(10L, batch.firstOffsetWithTimestampAtLeast(100));
        assertEquals(12L, batch.firstOffsetWithTimestampAtLeast(101));
        assertEquals(12L, batch.firstOffsetWithTimestampAtLeast(250));
        assertEquals(12L, batch.firstOffsetWithTimestampAtLeast(300));
        assertEquals(-1L, batch.firstOffsetWithTimestampAtLeast(301));
        // The first of the two records holding the max timestamp, as Kafka's MAX_TIMESTAMP answers.
        assertEquals(12L, batch.offsetOfMaxTimestamp());
        MutableRecordBatch kafkaBatch = kafka.batches().iterator().next();
        assertEquals(kafkaBatch.offsetOfMaxTimestamp(Integer.MAX_VALUE).orElseThrow(), batch.offsetOfMaxTimestamp());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void logAppendTimeBatchesAnswerWithTheirFirstRecord(CompressionType compression) {
        MemoryRecords kafka = kafkaBatch(compression, org.apache.kafka.common.record.TimestampType.CREATE_TIME);
        ByteBuf buf = Unpooled.copiedBuffer(kafka.buffer());
        try {
            RecordBatch batch = RecordBatch.view(buf);
            batch.setLogAppendTime(5_000);
            assertEquals(10L, batch.firstOffsetWithTimestampAtLeast(400));
            assertEquals(10L, batch.firstOffsetWithTimestampAtLeast(5_000));
            assertEquals(-1L, batch.firstOffsetWithTimestampAtLeast(5_001));
            assertEquals(10L, batch.offsetOfMaxTimestamp());
        } finally {
            buf.release();
        }
    }
}
