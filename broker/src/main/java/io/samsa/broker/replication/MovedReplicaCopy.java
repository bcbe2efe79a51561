package io.samsa.broker.replication;

import io.samsa.broker.log.PartitionLog;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings this node's replica of a partition that moved out of a data group up to where its new group starts (its end
 * at the handover's seal), by copying from the partition's leader with the group's
 * {@link DataGroupStateMachine.Copier}, for when the old group cannot deliver that part here: the old group's leader
 * no longer hosts the partition (its re-read marks the sections {@link ProduceEntry#UNAVAILABLE}), or a catch-up
 * beyond the Raft log met the partition moved. Once the replica is there, the old group appends nothing more to it
 * here ({@link #covers}): whatever it still carries for the partition lies below that start, and the new group's
 * writes, which wait for that start, go on.
 *
 * <p>Runs on the old group's writer thread (or on its apply thread while the writer is parked, for a catch-up), the
 * partition's single writer until the new group appends to it. Blocks until done: a failed write would close the
 * old group, so a failed copy is retried, from whoever leads the partition by then, until it succeeds, the metadata no
 * longer hosts the partition here, or the group closes.
 */
final class MovedReplicaCopy {

    private static final Logger LOG = LoggerFactory.getLogger(MovedReplicaCopy.class);

    private final UUID groupId;
    private final DataGroupStateMachine.Placement placement;
    private final Supplier<DataGroupStateMachine.Copier> copier;
    private final Supplier<GroupWait> waits;

    MovedReplicaCopy(UUID groupId, DataGroupStateMachine.Placement placement,
                     Supplier<DataGroupStateMachine.Copier> copier, Supplier<GroupWait> waits) {
        this.groupId = groupId;
        this.placement = placement;
        this.copier = copier;
        this.waits = waits;
    }

    /** True when the partition moved to another group and this replica has reached its start there. */
    boolean covers(HostedReplica replica) {
        DataGroupStateMachine.MovedOut moved = placement.movedOut(replica.partition(), groupId);
        return moved != null && replica.log().logEndOffset() >= moved.startOffset();
    }

    /**
     * Copies {@code replica} up to its start in the group it moved to, once the metadata says which. Returns at once
     * when it is there already, and without copying when the metadata (as of {@code metadataOffset}) no longer hosts
     * the partition here.
     *
     * @param committedEnd where this group's committed entries left the partition here, or -1 if unknown: a longer
     *                     log is cut back to it before copying, since beyond it may lie entries Raft dropped
     */
    void copyToStart(HostedReplica replica, long committedEnd, long metadataOffset)
            throws IOException, InterruptedException {
        PartitionKey key = replica.partition();
        PartitionLog log = replica.log();
        GroupWait wait = waits.get();
        boolean cut = false;
        while (!placement.notHostedAsOf(key, metadataOffset)) {
            DataGroupStateMachine.MovedOut moved = placement.movedOut(key, groupId);
            if (moved != null && log.logEndOffset() >= moved.startOffset()) {
                return;
            }
            if (moved != null && moved.leaderId() >= 0) {
                if (!cut && committedEnd >= 0 && log.logEndOffset() > committedEnd) {
                    log.truncateTo(committedEnd);
                }
                cut = true; // a partial copy kept by a failed attempt is the leader's: the next one resumes there
                if (copy(key, log, moved)) {
                    return;
                }
            }
            wait.pause(() -> moved == null
                    ? "the metadata to say where " + key + " moved (this group cannot deliver its records here)"
                    : "a copy of " + key + " up to " + moved.startOffset() + " from its leader (at "
                            + log.logEndOffset() + ")");
        }
    }

    private boolean copy(PartitionKey key, PartitionLog log, DataGroupStateMachine.MovedOut moved) {
        long from = log.logEndOffset();
        try {
            copier.get().copy(key, log, moved.leaderId(), moved.startOffset());
        } catch (IOException e) {
            LOG.warn("Data group {}: copying {} from node {} up to {} failed (at {}); trying again: {}", groupId, key,
                    moved.leaderId(), moved.startOffset(), log.logEndOffset(), e.toString());
            return false;
        }
        // Below the seal, so committed in this group.
        if (log.highWatermark() < moved.startOffset()) {
            log.updateHighWatermark(moved.startOffset());
        }
        LOG.info("Data group {}: {} moved to another group, whose start {} this group could not deliver here; copied "
                + "offsets {} to {} from node {}", groupId, key, moved.startOffset(), from, log.logEndOffset(),
                moved.leaderId());
        return true;
    }
}
