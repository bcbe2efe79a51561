package io.samsa.broker.log;

import java.util.Map;
import java.util.TreeMap;

/**
 * The leader epochs of one partition's log and the offset each began at, for OffsetForLeaderEpoch (Kafka's
 * {@code LeaderEpochFileCache}, kept in memory). Two sources feed it:
 * <ul>
 *   <li>the batches appended, each stamped with the epoch of the leader that took it ({@link #appended});</li>
 *   <li>the metadata, whose new epoch starts at the log end of the moment it is learnt ({@link #assign}), so that the
 *       previous epoch's end is known before the new one's first batch. The partition's epoch at open is seeded the
 *       same way: a start later than the true one only makes earlier epochs' end offsets larger, never smaller than
 *       data a consumer read in them, so a consumer never sees a truncation that did not happen.</li>
 * </ul>
 * A start learnt too early is what would make a consumer re-read: a replica filled after its partition opened (a copy
 * from the leader, Raft entries applied after the metadata named a newer epoch) appends batches of an older epoch past
 * it. Such a batch therefore moves every newer epoch's start past itself.
 *
 * <p>Confined to its log's lock.
 */
final class LeaderEpochCache {
    private final TreeMap<Integer, Long> startOffsets = new TreeMap<>();
    /** The newest entry, for the common append: a batch of the newest epoch. -1 when empty. */
    private int latestEpoch = -1;
    private long latestStart;

    /** The metadata's {@code epoch} begins at {@code logEndOffset}; an epoch not newer than the latest is ignored. */
    void assign(int epoch, long logEndOffset) {
        if (epoch > latestEpoch) {
            startOffsets.put(epoch, logEndOffset);
            refreshLatest();
        }
    }

    /** Batches of {@code epoch} were appended at offsets {@code baseOffset} to {@code lastOffset}. */
    void appended(int epoch, long baseOffset, long lastOffset) {
        if (epoch < 0 || (epoch == latestEpoch && baseOffset >= latestStart)) {
            return; // no epoch (magic 0 and 1), or the newest epoch going on
        }
        startOffsets.putIfAbsent(epoch, baseOffset);
        for (Map.Entry<Integer, Long> newer : startOffsets.tailMap(epoch, false).entrySet()) {
            if (newer.getValue() <= lastOffset) {
                newer.setValue(lastOffset + 1);
            }
        }
        refreshLatest();
    }

    /** The log now ends at {@code endOffset}: epochs that began at or after it are gone (Kafka's truncateFromEnd). */
    void truncateFromEnd(long endOffset) {
        startOffsets.values().removeIf(start -> start >= endOffset);
        refreshLatest();
    }

    void clear() {
        startOffsets.clear();
        refreshLatest();
    }

    int latestEpoch() {
        return latestEpoch;
    }

    /**
     * Kafka's {@code endOffsetFor}: for the latest epoch, the log end; for an older one, the start of the next epoch we
     * know, with the largest known epoch at or below it (or the asked epoch itself if it is below all we know); for an
     * epoch above all we know or negative, {@link EpochEndOffset#UNDEFINED}.
     */
    EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch < 0 || startOffsets.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        if (requestedEpoch == latestEpoch) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = startOffsets.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEndOffset.UNDEFINED;
        }
        Map.Entry<Integer, Long> floor = startOffsets.floorEntry(requestedEpoch);
        return new EpochEndOffset(floor == null ? requestedEpoch : floor.getKey(), higher.getValue());
    }

    private void refreshLatest() {
        Map.Entry<Integer, Long> last = startOffsets.lastEntry();
        latestEpoch = last == null ? -1 : last.getKey();
        latestStart = last == null ? 0 : last.getValue();
    }
}
