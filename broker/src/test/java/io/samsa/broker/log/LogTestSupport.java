package io.samsa.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.protocol.record.CloseableIterator;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Batches to append and ways to read a log back, shared by the log tests. */
final class LogTestSupport {
    private LogTestSupport() {
    }

    /** A config with small segments (via Kafka's test-only {@code internal.segment.bytes}). */
    static LogConfig config(int segmentBytes, int indexIntervalBytes, Map<String, String> more) {
        Map<String, String> overrides = new java.util.HashMap<>(more);
        overrides.put("internal.segment.bytes", Integer.toString(segmentBytes));
        overrides.put("index.interval.bytes", Integer.toString(indexIntervalBytes));
        overrides.putIfAbsent("file.delete.delay.ms", "0");
        return LogConfig.defaults().withOverrides(overrides);
    }

    static LogConfig config(int segmentBytes, int indexIntervalBytes) {
        return config(segmentBytes, indexIntervalBytes, Map.of());
    }

    /** A batch of {@code count} records, all at {@code timestamp}, with values {@code "<tag>-<i>"} padded to {@code valueSize}. */
    static ByteBuf batch(String tag, int count, long timestamp, int valueSize) {
        long[] timestamps = new long[count];
        Arrays.fill(timestamps, timestamp);
        return batch(tag, timestamps, valueSize, CompressionType.NONE);
    }

    /** A batch with one record per timestamp (in that order), values {@code "<tag>-<i>"}. */
    static ByteBuf batch(String tag, long[] timestamps, int valueSize, CompressionType compression) {
        RecordBatchBuilder builder = RecordBatchBuilder.of(compression);
        for (int i = 0; i < timestamps.length; i++) {
            builder.append(timestamps[i], ("k" + i).getBytes(StandardCharsets.UTF_8), value(tag + "-" + i, valueSize));
        }
        return builder.build();
    }

    /** An idempotent producer's batch. */
    static ByteBuf producerBatch(long producerId, short epoch, int baseSequence, int count, long timestamp) {
        RecordBatchBuilder builder = RecordBatchBuilder.of(CompressionType.NONE).producer(producerId, epoch, baseSequence);
        for (int i = 0; i < count; i++) {
            builder.append(timestamp, null, value("p" + producerId + "-" + (baseSequence + i), 10));
        }
        return builder.build();
    }

    static byte[] value(String text, int size) {
        byte[] bytes = Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), Math.max(size, text.length()));
        for (int i = text.length(); i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    /** Appends a freshly built batch and releases it; fails the test if the append fails. */
    static LogAppendInfo appendOk(PartitionLog log, ByteBuf batch) {
        try {
            LogAppendInfo info = log.append(batch, 0);
            if (!info.succeeded()) {
                throw new AssertionError("append failed: " + info);
            }
            return info;
        } finally {
            batch.release();
        }
    }

    /** The bytes of every batch in the log from the log start, read through {@link PartitionLog#read} one fetch at a time. */
    static List<byte[]> readAllBatches(PartitionLog log, long upTo) {
        List<byte[]> batches = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < upTo) {
            FetchDataInfo fetch = log.read(offset, 64 * 1024, upTo);
            if (fetch.error() != LogError.NONE) {
                throw new AssertionError("read at " + offset + " failed: " + fetch.error());
            }
            if (fetch.records().isEmpty()) {
                break;
            }
            for (byte[] batch : splitBatches(bytesOf(fetch.records()))) {
                batches.add(batch);
                offset = ByteBuffer.wrap(batch).getLong(0) + ByteBuffer.wrap(batch).getInt(23) + 1;
            }
        }
        return batches;
    }

    static byte[] bytesOf(FileSlice slice) {
        try {
            ByteBuffer buffer = slice.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits whole batches laid end to end. */
    static List<byte[]> splitBatches(byte[] bytes) {
        List<byte[]> batches = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int position = 0;
        while (position < bytes.length) {
            int size = RecordBatch.LOG_OVERHEAD + buffer.getInt(position + 8);
            if (position + size > bytes.length) {
                throw new AssertionError("partial batch at " + position + " of " + bytes.length);
            }
            batches.add(Arrays.copyOfRange(bytes, position, position + size));
            position += size;
        }
        return batches;
    }

    static long baseOffsetOf(byte[] batch) {
        return ByteBuffer.wrap(batch).getLong(0);
    }

    /** The records of a stored batch, decoded (and CRC-checked). */
    static List<Record> records(byte[] batch) {
        ByteBuf buf = Unpooled.wrappedBuffer(batch);
        try {
            RecordBatch view = RecordBatch.view(buf);
            view.ensureValid();
            List<Record> records = new ArrayList<>();
            try (CloseableIterator<Record> it = view.records()) {
                it.forEachRemaining(records::add);
            }
            return records;
        } finally {
            buf.release();
        }
    }

    static String valueString(Record record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
