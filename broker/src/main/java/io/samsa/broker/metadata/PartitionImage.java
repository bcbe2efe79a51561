package io.samsa.broker.metadata;

import java.util.List;

/**
 * One partition of a topic in a {@link MetadataImage}.
 *
 * @param replicas     every broker holding the partition's data; during a reassignment the target first, then the
 *                     replicas still to be removed
 * @param leader       the broker id of the leader, or {@link #NO_LEADER}
 * @param leaderEpoch  bumped with every leader change; with Raft data groups it is the group's term plus
 *                     {@link PartitionGroup#epochBase()}
 * @param group        the data group the partition was moved into, or null for the group placement computes
 * @param reassignment the reassignment in progress, or null
 */
public record PartitionImage(int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
                             PartitionGroup group, Reassignment reassignment) {

    public static final int NO_LEADER = -1;

    public PartitionImage {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** A partition that was never moved and is not moving. */
    public PartitionImage(int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch) {
        this(partition, replicas, isr, leader, leaderEpoch, null, null);
    }

    /** A new partition: the first replica leads, every replica is in sync, epoch 0. */
    public static PartitionImage initial(int partition, List<Integer> replicas) {
        return new PartitionImage(partition, replicas, replicas, replicas.isEmpty() ? NO_LEADER : replicas.get(0), 0);
    }

    /** The replica list placement computes this partition's group from: the one before a reassignment started. */
    public List<Integer> placementReplicas() {
        return reassignment != null ? reassignment.original() : replicas;
    }

    PartitionImage withLeader(int newLeader, int newEpoch, List<Integer> newReplicas, List<Integer> newIsr) {
        return new PartitionImage(partition, newReplicas, newIsr, newLeader, newEpoch, group, reassignment);
    }

    PartitionImage withMove(List<Integer> newReplicas, List<Integer> newIsr, PartitionGroup newGroup,
                            Reassignment newReassignment) {
        return new PartitionImage(partition, newReplicas, newIsr, leader, leaderEpoch, newGroup, newReassignment);
    }
}
