package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes one complete magic-2 batch: records with consecutive offset deltas, any codec, producer
 * fields, transactional and control flags, CreateTime or LogAppendTime, and the CRC32C over the
 * final bytes. Used for transaction markers, the group coordinator's writes, and tests.
 *
 * <p>Collects records in memory until {@link #build}; the buffer it returns belongs to the caller,
 * who must release it. Confined to one thread; single use per batch is not enforced, so a builder
 * can build the same batch twice.
 */
public final class RecordBatchBuilder {
    private final CompressionType compression;
    private final List<PendingRecord> records = new ArrayList<>();
    private long baseOffset;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private boolean control;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private long logAppendTime;

    private record PendingRecord(long timestamp, byte[] key, byte[] value, List<Header> headers) {
    }

    private RecordBatchBuilder(CompressionType compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
    }

    public static RecordBatchBuilder of(CompressionType compression) {
        return new RecordBatchBuilder(compression);
    }

    public RecordBatchBuilder baseOffset(long baseOffset) {
        this.baseOffset = baseOffset;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int partitionLeaderEpoch) {
        this.partitionLeaderEpoch = partitionLeaderEpoch;
        return this;
    }

    /** Idempotent or transactional producer fields; the defaults mean "no producer" (-1). */
    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    public RecordBatchBuilder transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    /** Makes the batch LogAppendTime with this max timestamp (CreateTime otherwise). */
    public RecordBatchBuilder logAppendTime(long timestamp) {
        this.timestampType = TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = timestamp;
        return this;
    }

    public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value, Header... headers) {
        return append(timestamp, key, value, List.of(headers));
    }

    public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value, List<Header> headers) {
        if (control) {
            throw new IllegalStateException("a control batch holds only its marker");
        }
        records.add(new PendingRecord(timestamp, key, value, List.copyOf(headers)));
        return this;
    }

    /**
     * Makes this a transactional control batch holding one COMMIT or ABORT marker, as Kafka's
     * {@code MemoryRecords.withEndTransactionMarker} writes it (its base sequence stays -1).
     */
    public RecordBatchBuilder appendEndTxnMarker(long timestamp, EndTransactionMarker marker) {
        if (!records.isEmpty()) {
            throw new IllegalStateException("a control batch holds only its marker");
        }
        records.add(new PendingRecord(timestamp, marker.key(), marker.value(), List.of()));
        control = true;
        transactional = true;
        return this;
    }

    /** Builds the batch into an unpooled heap buffer the caller owns. */
    public ByteBuf build() {
        return build(Unpooled.buffer(estimateSize()));
    }

    /** Builds the batch into a buffer from {@code allocator}; the caller owns (and releases) it. */
    public ByteBuf build(ByteBufAllocator allocator) {
        return build(allocator.buffer(estimateSize()));
    }

    private ByteBuf build(ByteBuf out) {
        if (records.isEmpty()) {
            out.release();
            throw new IllegalStateException("a batch needs at least one record");
        }
        try {
            out.writeZero(RecordBatch.HEADER_SIZE);
            writeRecords(out);
            writeHeader(out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private void writeRecords(ByteBuf out) {
        if (compression == CompressionType.NONE) {
            encodeRecords(out);
            return;
        }
        ByteBuf plain = Unpooled.buffer(estimateSize());
        try (OutputStream compressed = compression.codec().compress(new ByteBufOutputStream(out))) {
            encodeRecords(plain);
            plain.readBytes(compressed, plain.readableBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("compressing into memory failed", e);
        } finally {
            plain.release();
        }
    }

    private void encodeRecords(ByteBuf out) {
        long baseTimestamp = records.get(0).timestamp();
        for (int i = 0; i < records.size(); i++) {
            PendingRecord r = records.get(i);
            RecordWriter.write(out, i, r.timestamp() - baseTimestamp, r.key(), r.value(), r.headers());
        }
    }

    private void writeHeader(ByteBuf out) {
        int attributes = compression.id();
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            attributes |= RecordBatch.TIMESTAMP_TYPE_MASK;
        }
        if (transactional) {
            attributes |= RecordBatch.TRANSACTIONAL_MASK;
        }
        if (control) {
            attributes |= RecordBatch.CONTROL_MASK;
        }
        int start = out.readerIndex();
        out.setLong(start + RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        out.setInt(start + RecordBatch.BATCH_LENGTH_OFFSET, out.readableBytes() - RecordBatch.LOG_OVERHEAD);
        out.setInt(start + RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        out.setByte(start + RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        out.setShort(start + RecordBatch.ATTRIBUTES_OFFSET, attributes);
        out.setInt(start + RecordBatch.LAST_OFFSET_DELTA_OFFSET, records.size() - 1);
        out.setLong(start + RecordBatch.BASE_TIMESTAMP_OFFSET, records.get(0).timestamp());
        out.setLong(start + RecordBatch.MAX_TIMESTAMP_OFFSET, maxTimestamp());
        out.setLong(start + RecordBatch.PRODUCER_ID_OFFSET, producerId);
        out.setShort(start + RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        out.setInt(start + RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        out.setInt(start + RecordBatch.RECORD_COUNT_OFFSET, records.size());
        out.setInt(start + RecordBatch.CRC_OFFSET, (int) RecordBatch.computeCrc(out));
    }

    private long maxTimestamp() {
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            return logAppendTime;
        }
        long max = RecordBatch.NO_TIMESTAMP;
        for (PendingRecord r : records) {
            max = Math.max(max, r.timestamp());
        }
        return max;
    }

    private int estimateSize() {
        int size = RecordBatch.HEADER_SIZE;
        for (PendingRecord r : records) {
            size += 32 + length(r.key()) + length(r.value());
            for (Header h : r.headers()) {
                size += 16 + h.key().length() * 3 + length(h.value());
            }
        }
        return size;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
