package io.samsa.broker.log;

import io.netty.buffer.ByteBuf;
import io.samsa.protocol.record.CorruptRecordException;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.TimestampType;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the batches of an append and then gives them their offsets in place, never decompressing
 * and never copying: Kafka's {@code LogValidator} for magic 2 with in-place assignment. What is
 * checked, with Kafka's error for each: framing ({@code CORRUPT_MESSAGE}), magic 0/1
 * ({@code INVALID_RECORD}: Produce v3+ carries only magic 2), batch size against
 * {@code max.message.bytes} ({@code MESSAGE_TOO_LARGE}), CRC32C ({@code CORRUPT_MESSAGE}), record
 * count against the offset delta, control batches from clients and idempotent batches without a
 * sequence ({@code INVALID_RECORD}), CreateTime timestamps against
 * {@code message.timestamp.before/after.max.ms} ({@code INVALID_TIMESTAMP}), and the whole append
 * against {@code segment.bytes} ({@code RECORD_LIST_TOO_LARGE}).
 *
 * <p>Timestamps are checked on the batch header (first and largest record timestamp) rather than on
 * every record, which would mean decompressing.
 *
 * <p>Stateless; the buffer belongs to the caller (the appending thread) throughout.
 */
final class LogValidator {

    /** The outcome of {@link #analyze}: an error, or the batches' headers (positions relative to the reader index). */
    record Analysis(LogError error, String message, List<BatchHeader> batches, int sizeInBytes, int recordCount,
                    long maxTimestamp) {
        static Analysis failed(LogError error, String message) {
            return new Analysis(error, message, List.of(), 0, 0, RecordBatch.NO_TIMESTAMP);
        }

        boolean ok() {
            return error == LogError.NONE;
        }

        /** How many offsets the batches take (the sum of their last offset deltas plus one). */
        long offsetCount() {
            long count = 0;
            for (BatchHeader batch : batches) {
                count += batch.lastOffsetDelta() + 1L;
            }
            return count;
        }
    }

    private LogValidator() {
    }

    /** Checks every batch in {@code records}' readable bytes without changing them. */
    static Analysis analyze(ByteBuf records, LogConfig config, AppendOrigin origin, long nowMs) {
        int start = records.readerIndex();
        int end = records.writerIndex();
        if (start == end) {
            return Analysis.failed(LogError.INVALID_RECORD, "an append must hold at least one record batch");
        }
        if (end - start > config.segmentBytes()) {
            return Analysis.failed(LogError.RECORD_LIST_TOO_LARGE, "append of " + (end - start)
                    + " bytes exceeds segment.bytes " + config.segmentBytes());
        }
        List<BatchHeader> batches = new ArrayList<>(1);
        int recordCount = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        for (int index = start; index < end; ) {
            int size = RecordBatch.sizeOf(records, index);
            if (size < RecordBatch.HEADER_SIZE || size > end - index) {
                return Analysis.failed(LogError.CORRUPT_MESSAGE, "truncated or malformed batch at byte " + (index - start));
            }
            byte magic = records.getByte(index + 16);
            if (magic == 0 || magic == 1) {
                return Analysis.failed(LogError.INVALID_RECORD, "only magic 2 record batches are accepted, got magic " + magic);
            }
            if (size > config.maxMessageBytes()) {
                return Analysis.failed(LogError.MESSAGE_TOO_LARGE, "batch of " + size
                        + " bytes exceeds max.message.bytes " + config.maxMessageBytes());
            }
            RecordBatch batch;
            try {
                batch = RecordBatch.view(records.slice(index, size));
                batch.ensureValid();
            } catch (CorruptRecordException e) {
                return Analysis.failed(LogError.CORRUPT_MESSAGE, e.getMessage());
            }
            Analysis invalid = checkBatch(batch, config, origin, nowMs);
            if (invalid != null) {
                return invalid;
            }
            batches.add(BatchHeader.of(index - start, batch));
            recordCount += batch.recordCount();
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            index += size;
        }
        return new Analysis(LogError.NONE, null, batches, end - start, recordCount, maxTimestamp);
    }

    private static Analysis checkBatch(RecordBatch batch, LogConfig config, AppendOrigin origin, long nowMs) {
        int count = batch.recordCount();
        if (count <= 0 || count != batch.lastOffsetDelta() + 1L) {
            return Analysis.failed(LogError.INVALID_RECORD, "batch has " + count
                    + " records for a last offset delta of " + batch.lastOffsetDelta());
        }
        if (batch.isControlBatch() && origin == AppendOrigin.CLIENT) {
            return Analysis.failed(LogError.INVALID_RECORD, "clients may not write control batches");
        }
        if (batch.hasProducerId() && batch.baseSequence() < 0 && !batch.isControlBatch()) {
            return Analysis.failed(LogError.INVALID_RECORD, "batch of producer " + batch.producerId()
                    + " has invalid sequence " + batch.baseSequence());
        }
        if (config.messageTimestampType() == TimestampType.CREATE_TIME) {
            for (long timestamp : new long[] {batch.baseTimestamp(), batch.maxTimestamp()}) {
                if (outOfBounds(timestamp, nowMs, config.messageTimestampBeforeMaxMs(), config.messageTimestampAfterMaxMs())) {
                    return Analysis.failed(LogError.INVALID_TIMESTAMP, "timestamp " + timestamp
                            + " is out of range of broker time " + nowMs);
                }
            }
        }
        return null;
    }

    private static boolean outOfBounds(long timestamp, long nowMs, long beforeMaxMs, long afterMaxMs) {
        if (timestamp == RecordBatch.NO_TIMESTAMP) {
            return false;
        }
        if (timestamp >= nowMs) {
            return timestamp - nowMs > afterMaxMs;
        }
        long behind = nowMs - timestamp;
        return behind < 0 || behind > beforeMaxMs;
    }

    /**
     * Writes each analysed batch's offsets (consecutive from {@code firstOffset}) and leader epoch
     * into the buffer, and for LogAppendTime topics its max timestamp (recomputing its CRC).
     *
     * @param logAppendTime the broker's time for a LogAppendTime topic, else -1
     * @return the batches' headers as now written
     */
    static List<BatchHeader> assignOffsets(ByteBuf records, List<BatchHeader> batches, long firstOffset,
                                           int leaderEpoch, long logAppendTime) {
        int start = records.readerIndex();
        List<BatchHeader> assigned = new ArrayList<>(batches.size());
        long offset = firstOffset;
        for (BatchHeader header : batches) {
            RecordBatch batch = RecordBatch.view(records.slice(start + header.position(), header.sizeInBytes()));
            batch.setBaseOffset(offset);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            if (logAppendTime >= 0) {
                batch.setLogAppendTime(logAppendTime);
            }
            assigned.add(header.assigned(offset, leaderEpoch, logAppendTime));
            offset += header.lastOffsetDelta() + 1L;
        }
        return assigned;
    }
}
