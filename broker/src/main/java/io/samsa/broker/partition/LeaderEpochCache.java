package io.samsa.broker.partition;

import java.util.Map;
import java.util.TreeMap;

/**
 * The leader epochs this broker has seen for one partition and the offset each began at, for
 * OffsetForLeaderEpoch (Kafka's {@code LeaderEpochFileCache}, kept in memory). It is seeded with the
 * current epoch starting at the log end when the partition is opened, and every later epoch starts
 * at the log end of the moment it is learnt. A seed later than the true start of its epoch only
 * makes the previous epoch's end offset larger, never smaller than data a consumer read in it, so a
 * consumer never sees a truncation that did not happen.
 *
 * <p>Thread-safe (its methods are synchronized; calls are rare and short).
 */
final class LeaderEpochCache {
    private final TreeMap<Integer, Long> startOffsets = new TreeMap<>();

    LeaderEpochCache(int epoch, long startOffset) {
        startOffsets.put(epoch, startOffset);
    }

    /** Records that {@code epoch} began at {@code startOffset}; older or known epochs are ignored. */
    synchronized void assign(int epoch, long startOffset) {
        if (epoch > startOffsets.lastKey()) {
            startOffsets.put(epoch, startOffset);
        }
    }

    synchronized int latestEpoch() {
        return startOffsets.lastKey();
    }

    /**
     * Kafka's {@code endOffsetFor}: for the latest epoch, the log end; for an older one, the start of
     * the next epoch we know, with the largest known epoch at or below it (or the asked epoch itself
     * if it is below all we know); for an epoch above all we know or negative, {@link EpochEndOffset#UNDEFINED}.
     */
    synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch < 0) {
            return EpochEndOffset.UNDEFINED;
        }
        if (requestedEpoch == startOffsets.lastKey()) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = startOffsets.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEndOffset.UNDEFINED;
        }
        Map.Entry<Integer, Long> floor = startOffsets.floorEntry(requestedEpoch);
        return new EpochEndOffset(floor == null ? requestedEpoch : floor.getKey(), higher.getValue());
    }
}
