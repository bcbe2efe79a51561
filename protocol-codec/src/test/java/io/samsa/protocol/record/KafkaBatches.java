package io.samsa.protocol.record;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Builds batches with kafka-clients and compares them with Samsa's view, field by field. */
final class KafkaBatches {
    static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    private KafkaBatches() {
    }

    static Compression kafkaCompression(CompressionType type) {
        return Compression.of(type.configName()).build();
    }

    /** Varied records: null keys and values, empty arrays, headers with null values, one large value. */
    static List<SimpleRecord> sampleRecords(Random random, int count) {
        List<SimpleRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long timestamp = BASE_TIMESTAMP + random.nextInt(10_000) - 5_000; // out of order on purpose
            byte[] key = i % 4 == 1 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = switch (i % 5) {
                case 2 -> null;
                case 3 -> new byte[0];
                case 4 -> randomText(random, 70_000); // spans several snappy and lz4 blocks
                default -> ("value-" + i + "-" + "x".repeat(random.nextInt(200))).getBytes(StandardCharsets.UTF_8);
            };
            RecordHeader[] headers = i % 3 == 0 ? new RecordHeader[0] : new RecordHeader[] {
                new RecordHeader("trace-ü", ("id" + i).getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("empty", null)};
            records.add(new SimpleRecord(timestamp, key, value, headers));
        }
        return records;
    }

    private static byte[] randomText(Random random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(random.nextBoolean() ? 3 : 26));
        }
        return bytes;
    }

    /** A batch written by kafka-clients' own builder, with every header field set. */
    static MemoryRecords build(CompressionType compression, org.apache.kafka.common.record.TimestampType timestampType,
                               long baseOffset, long logAppendTime, long producerId, short producerEpoch,
                               int baseSequence, boolean transactional, int leaderEpoch, List<SimpleRecord> records) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), (byte) 2,
                kafkaCompression(compression), timestampType, baseOffset, logAppendTime, producerId, producerEpoch,
                baseSequence, transactional, false, leaderEpoch);
        for (SimpleRecord record : records) {
            builder.append(record);
        }
        return builder.build();
    }

    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Asserts that Samsa reads exactly what kafka-clients reads from the same batch. */
    static void assertSameBatch(org.apache.kafka.common.record.internal.RecordBatch kafka, RecordBatch samsa) {
        assertEquals(kafka.baseOffset(), samsa.baseOffset(), "baseOffset");
        assertEquals(kafka.lastOffset(), samsa.lastOffset(), "lastOffset");
        assertEquals(kafka.nextOffset(), samsa.nextOffset(), "nextOffset");
        assertEquals(kafka.sizeInBytes(), samsa.sizeInBytes(), "size");
        assertEquals(kafka.partitionLeaderEpoch(), samsa.partitionLeaderEpoch(), "partitionLeaderEpoch");
        assertEquals(kafka.magic(), samsa.magic(), "magic");
        assertEquals(kafka.checksum(), samsa.crc(), "crc");
        assertEquals(kafka.isValid(), samsa.isValid(), "valid");
        assertEquals(kafka.compressionType().name, samsa.compressionType().configName(), "compression");
        assertEquals(kafka.timestampType().name(), samsa.timestampType().name(), "timestampType");
        assertEquals(kafka.isTransactional(), samsa.isTransactional(), "transactional");
        assertEquals(kafka.isControlBatch(), samsa.isControlBatch(), "control");
        assertEquals(kafka.deleteHorizonMs().isPresent(), samsa.hasDeleteHorizon(), "deleteHorizon");
        assertEquals(kafka.maxTimestamp(), samsa.maxTimestamp(), "maxTimestamp");
        assertEquals(kafka.producerId(), samsa.producerId(), "producerId");
        assertEquals(kafka.producerEpoch(), samsa.producerEpoch(), "producerEpoch");
        assertEquals(kafka.baseSequence(), samsa.baseSequence(), "baseSequence");
        assertEquals(kafka.lastSequence(), samsa.lastSequence(), "lastSequence");
        assertEquals(kafka.countOrNull(), samsa.recordCount(), "recordCount");
        if (kafka instanceof org.apache.kafka.common.record.internal.DefaultRecordBatch defaultBatch) {
            assertEquals(defaultBatch.baseTimestamp(), samsa.baseTimestamp(), "baseTimestamp");
        }
        Iterator<org.apache.kafka.common.record.internal.Record> expected = kafka.iterator();
        try (CloseableIterator<Record> actual = samsa.records()) {
            while (expected.hasNext()) {
                assertSameRecord(expected.next(), actual.next());
            }
            assertFalse(actual.hasNext(), "Samsa reads more records than kafka-clients");
        }
    }

    static void assertSameRecord(org.apache.kafka.common.record.internal.Record kafka, Record samsa) {
        assertEquals(kafka.offset(), samsa.offset(), "offset");
        assertEquals(kafka.timestamp(), samsa.timestamp(), "timestamp of " + kafka.offset());
        assertEquals(kafka.sequence(), samsa.sequence(), "sequence of " + kafka.offset());
        assertArrayEquals(bytes(kafka.key()), samsa.key(), "key of " + kafka.offset());
        assertArrayEquals(bytes(kafka.value()), samsa.value(), "value of " + kafka.offset());
        org.apache.kafka.common.header.Header[] headers = kafka.headers();
        assertEquals(headers.length, samsa.headers().size(), "header count of " + kafka.offset());
        for (int i = 0; i < headers.length; i++) {
            assertEquals(headers[i].key(), samsa.headers().get(i).key());
            assertArrayEquals(headers[i].value(), samsa.headers().get(i).value());
        }
    }

    /** The records as Samsa's builder takes them, from kafka-clients' SimpleRecords. */
    static RecordBatchBuilder appendAll(RecordBatchBuilder builder, List<SimpleRecord> records) {
        for (SimpleRecord r : records) {
            List<Header> headers = Arrays.stream(r.headers()).map(h -> new Header(h.key(), h.value())).toList();
            builder.append(r.timestamp(), bytes(r.key()), bytes(r.value()), headers);
        }
        return builder;
    }
}
