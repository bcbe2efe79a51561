package io.samsa.broker.replication;

import java.util.List;
import java.util.UUID;

/**
 * A partition-set group: one Raft group over a replica set, carrying every replicated partition assigned to it. Its
 * Raft leader leads all those partitions, and its term is their leader epoch.
 *
 * @param id              the Raft group id
 * @param members         the voting members' node ids, ascending
 * @param preferredLeader the member given the higher Raft priority: leadership returns to it once it is caught up
 */
record DataGroup(UUID id, List<Integer> members, int preferredLeader) {

    DataGroup {
        members = List.copyOf(members);
        if (!members.contains(preferredLeader)) {
            throw new IllegalArgumentException("preferred leader " + preferredLeader + " is not in " + members);
        }
    }
}
