package io.samsa.broker.replication;

import io.samsa.broker.metadata.PartitionGroup;
import io.samsa.broker.metadata.PartitionImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Assigns each replicated partition to a partition-set group, as a pure function of what the metadata already holds
 * (a partition a reassignment moved has its own group, recorded in the metadata: {@link #groupOf(UUID, PartitionImage)}):
 * the partition's replica list, whose first replica is its preferred leader. Partitions with the same replica set and
 * preferred leader share a small pool of {@code groupsPerLeader} groups, spread by topic id and partition, so each
 * node is the preferred leader of a bounded number of groups per replica set (Ozone's pipelines), not one per
 * partition. Every node computes the same groups from the same image, so no extra record is needed to agree on them.
 */
final class DataGroupPlacement {

    private final int groupsPerLeader;

    DataGroupPlacement(int groupsPerLeader) {
        if (groupsPerLeader < 1) {
            throw new IllegalArgumentException("groups per leader must be at least 1, got " + groupsPerLeader);
        }
        this.groupsPerLeader = groupsPerLeader;
    }

    /** True when the partition replicates through a data group (more than one replica). */
    static boolean isReplicated(List<Integer> replicas) {
        return replicas.size() > 1;
    }

    /**
     * The group a partition belongs to now: the one a reassignment recorded for it, else the one placement computes
     * from its replicas as they were before any reassignment in progress.
     */
    DataGroup groupOf(UUID topicId, PartitionImage partition) {
        PartitionGroup moved = partition.group();
        if (moved != null) {
            List<Integer> members = new ArrayList<>(moved.members());
            members.sort(null);
            return new DataGroup(moved.groupId(), members, moved.preferredLeader());
        }
        return groupOf(topicId, partition.partition(), partition.placementReplicas());
    }

    /** True when the partition replicates through a data group (its data group has more than one member). */
    static boolean isReplicated(PartitionImage partition) {
        return partition.group() != null || isReplicated(partition.placementReplicas());
    }

    /** The group a reassignment moves a partition into, out of the group its replica set shares with others. */
    static UUID ownGroupId(UUID topicId, int partition) {
        return UUID.nameUUIDFromBytes(("samsa-partition-group:" + topicId + ":" + partition)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The group of a partition with more than one replica. */
    DataGroup groupOf(UUID topicId, int partition, List<Integer> replicas) {
        if (!isReplicated(replicas)) {
            throw new IllegalArgumentException("partition " + topicId + "-" + partition + " has one replica");
        }
        List<Integer> members = new ArrayList<>(replicas);
        members.sort(null);
        int preferred = replicas.get(0);
        int slot = Math.floorMod(topicId.hashCode() + partition, groupsPerLeader);
        String name = "samsa-data-group:" + preferred + ":" + members + ":" + slot;
        return new DataGroup(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), members, preferred);
    }
}
