package io.samsa.broker.log;

import io.samsa.protocol.record.RecordBatch;

import java.nio.ByteBuffer;

/**
 * The fixed 61-byte header of a magic-2 batch as read from a segment file, with the batch's byte
 * position in that file: what scans by offset or timestamp need without reading the records.
 * Field offsets are those documented on {@link RecordBatch}. Immutable.
 */
record BatchHeader(int position, long baseOffset, int batchLength, int partitionLeaderEpoch, byte magic,
                   short attributes, int lastOffsetDelta, long maxTimestamp, long producerId,
                   short producerEpoch, int baseSequence, int recordCount) {

    private static final int TIMESTAMP_TYPE_MASK = 0x08;
    private static final int TRANSACTIONAL_MASK = 0x10;
    private static final int CONTROL_MASK = 0x20;

    /** Parses the header at {@code buffer}'s absolute index 0 ({@link RecordBatch#HEADER_SIZE} bytes). */
    static BatchHeader parse(int position, ByteBuffer buffer) {
        return new BatchHeader(position,
                buffer.getLong(0),
                buffer.getInt(8),
                buffer.getInt(12),
                buffer.get(16),
                buffer.getShort(21),
                buffer.getInt(23),
                buffer.getLong(35),
                buffer.getLong(43),
                buffer.getShort(51),
                buffer.getInt(53),
                buffer.getInt(57));
    }

    /** The header of a batch held in memory (an append), positioned {@code position} bytes into the append. */
    static BatchHeader of(int position, RecordBatch batch) {
        return new BatchHeader(position, batch.baseOffset(), batch.batchLength(), batch.partitionLeaderEpoch(),
                batch.magic(), batch.attributes(), batch.lastOffsetDelta(), batch.maxTimestamp(), batch.producerId(),
                batch.producerEpoch(), batch.baseSequence(), batch.recordCount());
    }

    /** This header as the batch reads once it is given {@code offset}, {@code epoch} and (if >= 0) a log-append time. */
    BatchHeader assigned(long offset, int epoch, long logAppendTime) {
        short newAttributes = logAppendTime >= 0 ? (short) (attributes | TIMESTAMP_TYPE_MASK) : attributes;
        return new BatchHeader(position, offset, batchLength, epoch, magic, newAttributes, lastOffsetDelta,
                logAppendTime >= 0 ? logAppendTime : maxTimestamp, producerId, producerEpoch, baseSequence, recordCount);
    }

    /** The whole batch's size: the 12-byte log overhead plus the batch length. */
    int sizeInBytes() {
        return RecordBatch.LOG_OVERHEAD + batchLength;
    }

    long lastOffset() {
        return baseOffset + lastOffsetDelta;
    }

    long nextOffset() {
        return lastOffset() + 1;
    }

    int lastSequence() {
        return baseSequence == RecordBatch.NO_SEQUENCE ? RecordBatch.NO_SEQUENCE
                : RecordBatch.incrementSequence(baseSequence, lastOffsetDelta);
    }

    boolean hasProducerId() {
        return producerId > RecordBatch.NO_PRODUCER_ID;
    }

    boolean isTransactional() {
        return (attributes & TRANSACTIONAL_MASK) != 0;
    }

    boolean isControlBatch() {
        return (attributes & CONTROL_MASK) != 0;
    }

    /** True if the framing is plausible: a full header, magic 2, sane deltas. The CRC is checked separately. */
    boolean looksValid() {
        return batchLength >= RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD && magic == RecordBatch.MAGIC
                && lastOffsetDelta >= 0 && baseOffset >= 0;
    }
}
