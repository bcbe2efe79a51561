package io.samsa.broker.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Why the oldest segments of a log may be deleted: the predicates behind
 * {@link PartitionLog#deleteOldSegments()} and {@link PartitionLog#deleteRecordsBefore}. Each is asked
 * about segments oldest first and deletion stops at the first "no". Instances live for one pass and
 * may keep state across the segments of that pass (the size predicate does).
 */
interface SegmentDeletion {

    /**
     * The oldest segments {@code predicate} lets go, stopping at the first it keeps, at the first
     * that reaches above the high watermark, and at an empty active segment.
     */
    static List<LogSegment> oldestDeletable(LogSegments segments, long highWatermark, long logEndOffset,
                                            SegmentDeletion predicate) throws IOException {
        List<LogSegment> deletable = new ArrayList<>();
        for (LogSegment segment : segments.all()) {
            LogSegment next = segments.next(segment);
            long upperBound = next == null ? logEndOffset : next.baseOffset();
            boolean lastAndEmpty = next == null && segment.sizeInBytes() == 0;
            if (lastAndEmpty || highWatermark < upperBound || !predicate.shouldDelete(segment, next)) {
                break;
            }
            deletable.add(segment);
        }
        return deletable;
    }

    /** True if {@code segment} (followed by {@code next}, or {@code null} if it is the active one) may go. */
    boolean shouldDelete(LogSegment segment, LogSegment next) throws IOException;

    /** Every record in the segment is below the log start offset (DeleteRecords moved it). */
    record LogStartBreach(long logStartOffset) implements SegmentDeletion {
        @Override
        public boolean shouldDelete(LogSegment segment, LogSegment next) {
            return next != null && next.baseOffset() <= logStartOffset;
        }

        @Override
        public String toString() {
            return "below log start offset " + logStartOffset;
        }
    }

    /** {@code retention.ms}: the segment's newest record is older than the retention time. */
    record RetentionTimeBreach(long nowMs, long retentionMs) implements SegmentDeletion {
        @Override
        public boolean shouldDelete(LogSegment segment, LogSegment next) throws IOException {
            return nowMs - segment.largestTimestamp() > retentionMs;
        }

        @Override
        public String toString() {
            return "retention.ms " + retentionMs;
        }
    }

    /** {@code retention.bytes}: the log stays over the limit without this segment. */
    final class RetentionSizeBreach implements SegmentDeletion {
        private final long retentionBytes;
        private long excess;

        RetentionSizeBreach(long logSize, long retentionBytes) {
            this.retentionBytes = retentionBytes;
            this.excess = logSize - retentionBytes;
        }

        @Override
        public boolean shouldDelete(LogSegment segment, LogSegment next) {
            if (excess - segment.sizeInBytes() >= 0) {
                excess -= segment.sizeInBytes();
                return true;
            }
            return false;
        }

        @Override
        public String toString() {
            return "retention.bytes " + retentionBytes;
        }
    }
}
