package io.samsa.broker.replication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Assigns each replicated partition to a partition-set group, as a pure function of what the metadata already holds:
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
