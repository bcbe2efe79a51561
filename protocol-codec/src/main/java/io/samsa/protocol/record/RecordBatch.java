package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A zero-copy view of one magic-2 record batch (Kafka's v2 format, KIP-98):
 * <pre>
 *  0 baseOffset int64      12 partitionLeaderEpoch int32   17 crc uint32 (CRC32C of 21..end)
 *  8 batchLength int32     16 magic int8                   21 attributes int16
 * 23 lastOffsetDelta int32 27 baseTimestamp int64          35 maxTimestamp int64
 * 43 producerId int64      51 producerEpoch int16          53 baseSequence int32
 * 57 recordCount int32     61 records...
 * </pre>
 * Attributes: bits 0-2 compression, 3 timestamp type, 4 transactional, 5 control, 6 delete horizon.
 *
 * <p><b>Ownership:</b> the view does <em>not</em> own its buffer: it neither retains nor releases
 * it, and is valid only while the buffer the caller passed to {@link #view} is. {@link #buffer()}
 * is a plain (unretained) slice of that buffer. The mutators write through to it.
 *
 * <p>Not thread-safe: a batch being rewritten (offsets, log-append time) belongs to one thread.
 */
public final class RecordBatch {
    public static final int LOG_OVERHEAD = 12;
    public static final int HEADER_SIZE = 61;
    public static final byte MAGIC = 2;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;
    /** The default ceiling on the bytes one compressed batch may decompress to (see {@link #records(int)}). */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

    static final int BASE_OFFSET_OFFSET = 0;
    static final int BATCH_LENGTH_OFFSET = 8;
    static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC_OFFSET = 17;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int BASE_TIMESTAMP_OFFSET = 27;
    static final int MAX_TIMESTAMP_OFFSET = 35;
    static final int PRODUCER_ID_OFFSET = 43;
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    static final int RECORD_COUNT_OFFSET = 57;

    static final int COMPRESSION_MASK = 0x07;
    static final int TIMESTAMP_TYPE_MASK = 0x08;
    static final int TRANSACTIONAL_MASK = 0x10;
    static final int CONTROL_MASK = 0x20;
    static final int DELETE_HORIZON_MASK = 0x40;

    private final ByteBuf buf;

    private RecordBatch(ByteBuf buf) {
        this.buf = buf;
    }

    /**
     * A view of the batch that starts at {@code buf.readerIndex()} (the reader index does not move).
     * Checks only the framing: enough bytes for {@code 12 + batchLength}, a batch length that holds
     * a header, and magic 2; call {@link #ensureValid()} to check the CRC.
     *
     * @throws CorruptRecordException if the framing is wrong or the buffer holds less than the batch
     */
    public static RecordBatch view(ByteBuf buf) {
        int start = buf.readerIndex();
        int available = buf.readableBytes();
        if (available < LOG_OVERHEAD) {
            throw new CorruptRecordException("need " + LOG_OVERHEAD + " bytes for a batch's length, have " + available);
        }
        int batchLength = buf.getInt(start + BATCH_LENGTH_OFFSET);
        if (batchLength < HEADER_SIZE - LOG_OVERHEAD) {
            throw new CorruptRecordException("batch length " + batchLength + " is less than a header's "
                    + (HEADER_SIZE - LOG_OVERHEAD));
        }
        if ((long) LOG_OVERHEAD + batchLength > available) {
            throw new CorruptRecordException("batch of " + (LOG_OVERHEAD + (long) batchLength)
                    + " bytes but only " + available + " remain");
        }
        byte magic = buf.getByte(start + MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new CorruptRecordException("unsupported record batch magic " + magic);
        }
        return new RecordBatch(buf.slice(start, LOG_OVERHEAD + batchLength));
    }

    /**
     * Views every batch in {@code records} (a produce request's or a segment's records), which must
     * be whole batches back to back. The views share {@code records}' lifetime.
     *
     * @throws CorruptRecordException on a trailing partial batch or a bad batch header
     */
    public static List<RecordBatch> viewAll(ByteBuf records) {
        List<RecordBatch> batches = new ArrayList<>();
        ByteBuf cursor = records.duplicate();
        while (cursor.isReadable()) {
            RecordBatch batch = view(cursor);
            cursor.skipBytes(batch.sizeInBytes());
            batches.add(batch);
        }
        return batches;
    }

    /**
     * The total size ({@code 12 + batchLength}) of the batch whose header starts at absolute
     * {@code index}, or -1 if fewer than 12 bytes lie between {@code index} and the writer index.
     * Does not check the header: a result below {@link #HEADER_SIZE} means a corrupt length
     * (a negative batch length reads as 0), and the batch may extend past the bytes present.
     */
    public static int sizeOf(ByteBuf buf, int index) {
        if (index < 0 || buf.writerIndex() - index < LOG_OVERHEAD) {
            return -1;
        }
        int batchLength = buf.getInt(index + BATCH_LENGTH_OFFSET);
        if (batchLength < 0) {
            return 0;
        }
        return batchLength > Integer.MAX_VALUE - LOG_OVERHEAD ? Integer.MAX_VALUE : LOG_OVERHEAD + batchLength;
    }

    // ---- header fields ---------------------------------------------------------------------

    public long baseOffset() {
        return buf.getLong(BASE_OFFSET_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    public long nextOffset() {
        return lastOffset() + 1;
    }

    public int batchLength() {
        return buf.getInt(BATCH_LENGTH_OFFSET);
    }

    public int sizeInBytes() {
        return buf.readableBytes();
    }

    public int partitionLeaderEpoch() {
        return buf.getInt(PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buf.getByte(MAGIC_OFFSET);
    }

    /** The stored CRC32C, unsigned. */
    public long crc() {
        return buf.getUnsignedInt(CRC_OFFSET);
    }

    public short attributes() {
        return buf.getShort(ATTRIBUTES_OFFSET);
    }

    /** @throws CorruptRecordException if the attributes name no known codec */
    public CompressionType compressionType() {
        return CompressionType.forId(attributes() & COMPRESSION_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) != 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_MASK) != 0;
    }

    /** True if compaction set a delete horizon; {@link #baseTimestamp()} then holds it (KIP-534). */
    public boolean hasDeleteHorizon() {
        return (attributes() & DELETE_HORIZON_MASK) != 0;
    }

    /** The delete horizon in ms, or {@link #NO_TIMESTAMP} if the batch has none. */
    public long deleteHorizonMs() {
        return hasDeleteHorizon() ? baseTimestamp() : NO_TIMESTAMP;
    }

    public int lastOffsetDelta() {
        return buf.getInt(LAST_OFFSET_DELTA_OFFSET);
    }

    public long baseTimestamp() {
        return buf.getLong(BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buf.getLong(MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buf.getLong(PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buf.getShort(PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buf.getInt(BASE_SEQUENCE_OFFSET);
    }

    /** The last record's sequence; sequences wrap from Integer.MAX_VALUE to 0, as in Kafka. */
    public int lastSequence() {
        int baseSequence = baseSequence();
        return baseSequence == NO_SEQUENCE ? NO_SEQUENCE : incrementSequence(baseSequence, lastOffsetDelta());
    }

    public int recordCount() {
        return buf.getInt(RECORD_COUNT_OFFSET);
    }

    public boolean hasProducerId() {
        return producerId() > NO_PRODUCER_ID;
    }

    /** The slice covering exactly this batch; not retained (see the class comment). */
    public ByteBuf buffer() {
        return buf;
    }

    /** Kafka's sequence arithmetic: past Integer.MAX_VALUE sequences continue from 0. */
    public static int incrementSequence(int sequence, int increment) {
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }

    // ---- validation ------------------------------------------------------------------------

    /** The CRC32C of the attributes through the end, computed over the buffer's memory in place. */
    public long computeCrc() {
        return computeCrc(buf);
    }

    static long computeCrc(ByteBuf batch) {
        CRC32C crc = new CRC32C();
        int length = batch.readableBytes() - ATTRIBUTES_OFFSET;
        for (ByteBuffer nio : batch.nioBuffers(batch.readerIndex() + ATTRIBUTES_OFFSET, length)) {
            crc.update(nio);
        }
        return crc.getValue();
    }

    public boolean isValid() {
        return crc() == computeCrc();
    }

    /**
     * Checks what can be checked without reading the records: the CRC, the codec id, and counts
     * consistent with the offset range. Compaction may leave fewer records than offsets (even none),
     * never more, so {@code 0 <= recordCount <= lastOffsetDelta + 1}.
     *
     * @throws CorruptRecordException naming the first thing that is wrong
     */
    public void ensureValid() {
        long stored = crc();
        long computed = computeCrc();
        if (stored != computed) {
            throw new CorruptRecordException("record batch at offset " + baseOffset() + " is corrupt (stored crc = "
                    + stored + ", computed crc = " + computed + ")");
        }
        compressionType();
        int count = recordCount();
        int lastOffsetDelta = lastOffsetDelta();
        if (count < 0 || lastOffsetDelta < 0 || count > (long) lastOffsetDelta + 1) {
            throw new CorruptRecordException("record batch at offset " + baseOffset() + " has " + count
                    + " records for a last offset delta of " + lastOffsetDelta);
        }
    }

    // ---- in-place rewrites -----------------------------------------------------------------

    /** Assigns the batch its offsets. The base offset lies outside the CRC, which stays valid. */
    public void setBaseOffset(long baseOffset) {
        buf.setLong(BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Stamps the leader epoch. It lies outside the CRC, which stays valid. */
    public void setPartitionLeaderEpoch(int epoch) {
        buf.setInt(PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Marks the batch LogAppendTime with {@code timestamp} as its max timestamp (so every record
     * reads that timestamp) and recomputes the CRC, as Kafka does for topics with
     * {@code message.timestamp.type=LogAppendTime}. Nothing is written if nothing changes.
     */
    public void setLogAppendTime(long timestamp) {
        if (timestampType() == TimestampType.LOG_APPEND_TIME && maxTimestamp() == timestamp) {
            return;
        }
        buf.setShort(ATTRIBUTES_OFFSET, attributes() | TIMESTAMP_TYPE_MASK);
        buf.setLong(MAX_TIMESTAMP_OFFSET, timestamp);
        buf.setInt(CRC_OFFSET, (int) computeCrc());
    }

    // ---- records ---------------------------------------------------------------------------

    /** The records, decompressed as needed, with at most {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}. */
    public CloseableIterator<Record> records() {
        return records(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /**
     * Iterates the records. An uncompressed batch is read straight from the buffer; a compressed one
     * is streamed through its codec a record at a time. A record's key, value and headers are copies
     * the {@link Record} owns.
     *
     * @param maxDecompressedBytes the most a compressed batch may decompress to in total; more is
     *                             reported as corrupt, which bounds both memory and time
     * @throws CorruptRecordException from this call or the iterator's, on anything malformed
     */
    public CloseableIterator<Record> records(int maxDecompressedBytes) {
        int count = recordCount();
        if (count < 0) {
            throw new CorruptRecordException("negative record count " + count);
        }
        ByteBuf payload = buf.slice(HEADER_SIZE, buf.readableBytes() - HEADER_SIZE);
        RecordReader reader = new RecordReader(this);
        CompressionType compression = compressionType();
        if (compression == CompressionType.NONE) {
            return new BufferRecordIterator(reader, payload, count);
        }
        return StreamRecordIterator.open(reader, compression, payload, count, maxDecompressedBytes);
    }

    /**
     * The offset of the first record whose timestamp is at least {@code timestamp}, or -1 if none
     * is: the in-batch step of ListOffsets by timestamp. Record timestamps need not be ordered.
     */
    public long firstOffsetWithTimestampAtLeast(long timestamp) {
        if (maxTimestamp() < timestamp) {
            // As in Kafka, the header's max timestamp decides whether the batch is read at all.
            return -1;
        }
        try (CloseableIterator<Record> records = records()) {
            while (records.hasNext()) {
                Record record = records.next();
                if (record.timestamp() >= timestamp) {
                    return record.offset();
                }
            }
        }
        return -1;
    }

    /**
     * The offset of the first record holding the batch's largest timestamp (ListOffsets
     * {@code MAX_TIMESTAMP}), or -1 for a batch without records.
     */
    public long offsetOfMaxTimestamp() {
        if (timestampType() == TimestampType.LOG_APPEND_TIME) {
            // Every record reads the batch's max timestamp, so the first one holds it.
            return recordCount() > 0 ? firstRecordOffset() : -1;
        }
        long maxTimestamp = Long.MIN_VALUE;
        long offset = -1;
        try (CloseableIterator<Record> records = records()) {
            while (records.hasNext()) {
                Record record = records.next();
                if (offset == -1 || record.timestamp() > maxTimestamp) {
                    maxTimestamp = record.timestamp();
                    offset = record.offset();
                }
            }
        }
        return offset;
    }

    private long firstRecordOffset() {
        try (CloseableIterator<Record> records = records()) {
            return records.hasNext() ? records.next().offset() : -1;
        }
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", count=" + recordCount()
                + ", size=" + sizeInBytes() + ", attributes=" + attributes() + ", producerId=" + producerId() + ")";
    }
}
