package io.samsa.broker.metadata;

import java.util.List;
import java.util.UUID;

/**
 * The data group a replicated partition was moved into by a reassignment. A partition without one belongs to the group
 * the replication layer's placement computes from its replica list (shared with the partitions of the same replica
 * set); a move gives the partition a group of its own, recorded here, whose members then change through Raft.
 *
 * @param members         the group's voting members, as last committed
 * @param preferredLeader the member with the higher Raft priority
 * @param epochBase       added to the group's Raft term to make the partition's leader epoch: the partition's epoch
 *                        when it entered the group, so epochs never go backwards across groups
 * @param startOffset     the partition's log end offset when it entered the group: the group appends to it only from
 *                        there, once the previous group has delivered everything before it
 */
public record PartitionGroup(UUID groupId, List<Integer> members, int preferredLeader, int epochBase,
                             long startOffset) {

    public PartitionGroup {
        members = List.copyOf(members);
    }
}
