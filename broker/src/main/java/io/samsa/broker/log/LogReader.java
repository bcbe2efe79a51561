package io.samsa.broker.log;

import java.io.IOException;

/**
 * The read side of a {@link PartitionLog}: fetches and timestamp lookups over its segments. Holds no
 * state of its own and takes no lock; it sees whatever segments and published sizes exist when it
 * looks, which is why {@link PartitionLog} bounds every read by offsets it read first.
 */
final class LogReader {
    private final LogSegments segments;

    LogReader(LogSegments segments) {
        this.segments = segments;
    }

    /**
     * Whole batches from the one holding {@code fetchOffset}, from a single segment, at most
     * {@code maxBytes} (at least one batch if {@code minOneBatch}), none reaching {@code bound}.
     */
    FileSlice read(long fetchOffset, int maxBytes, long bound, boolean minOneBatch) throws IOException {
        if (fetchOffset >= bound) {
            return FileSlice.EMPTY;
        }
        for (LogSegment segment : segments.from(fetchOffset)) {
            FileSlice slice = segment.read(fetchOffset, maxBytes, bound, minOneBatch);
            if (slice != null) {
                return slice;
            }
        }
        return FileSlice.EMPTY;
    }

    /** The log start offset with the leader epoch of the batch holding it (ListOffsets EARLIEST). */
    TimestampAndOffset earliest(long logStartOffset, long logEndOffset) throws IOException {
        LogSegment segment = segments.floor(logStartOffset);
        BatchHeader batch = segment == null || logStartOffset >= logEndOffset ? null : segment.translateOffset(logStartOffset);
        return new TimestampAndOffset(-1L, logStartOffset, batch == null ? -1 : batch.partitionLeaderEpoch());
    }

    /** The first record at or after {@code logStartOffset} with a timestamp of at least {@code timestamp}. */
    TimestampAndOffset firstAtOrAfter(long timestamp, long logStartOffset) throws IOException {
        for (LogSegment segment : segments.from(logStartOffset)) {
            TimestampAndOffset found = segment.findOffsetByTimestamp(timestamp, logStartOffset);
            if (found != null) {
                return found;
            }
        }
        return TimestampAndOffset.NONE;
    }

    /** The first record holding the log's largest timestamp (ListOffsets MAX_TIMESTAMP). */
    TimestampAndOffset maxTimestamp() throws IOException {
        LogSegment newest = null;
        for (LogSegment segment : segments.all()) {
            if (segment.maxTimestampSoFar() >= 0
                    && (newest == null || segment.maxTimestampSoFar() > newest.maxTimestampSoFar())) {
                newest = segment;
            }
        }
        TimestampAndOffset found = newest == null ? null : newest.maxTimestampAndOffset();
        return found == null ? TimestampAndOffset.NONE : found;
    }
}
