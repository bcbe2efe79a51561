package io.samsa.broker.metadata;

import java.util.List;

/**
 * One partition of a topic in a {@link MetadataImage}.
 *
 * @param leader      the broker id of the leader, or {@link #NO_LEADER}
 * @param leaderEpoch bumped with every leader change; with Raft data groups it is the group's term
 */
public record PartitionImage(int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch) {

    public static final int NO_LEADER = -1;

    public PartitionImage {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** A new partition: the first replica leads, every replica is in sync, epoch 0. */
    public static PartitionImage initial(int partition, List<Integer> replicas) {
        return new PartitionImage(partition, replicas, replicas, replicas.isEmpty() ? NO_LEADER : replicas.get(0), 0);
    }
}
