package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupResponse;
import io.samsa.protocol.message.SyncGroupResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Drives members through whole rebalances in tests. */
final class Groups {
    private Groups() {
    }

    /**
     * Joins every member (KIP-394 style), ends the join phase, and syncs them with the leader assigning partition
     * i of topic {@code t} to the i-th member; asserts the group is Stable.
     */
    static void stabilize(ShardHarness h, TestMember... members) {
        List<CompletableFuture<JoinGroupResponse>> joins = new ArrayList<>();
        for (TestMember m : members) {
            joins.add(m.memberId.isEmpty() ? m.joinWithId() : m.join());
        }
        h.advance(0);
        for (int i = 0; i < members.length; i++) {
            assertEquals(ErrorCode.NONE.code(), joins.get(i).join().errorCode(), "join of member " + i);
        }
        syncAll(h, members);
    }

    /** Syncs members whose joins completed: the leader (whoever it is) assigns partition i to member i. */
    static Map<TestMember, SyncGroupResponse> syncAll(ShardHarness h, TestMember... members) {
        ClassicGroup group = h.group(members[0].groupId);
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        for (int i = 0; i < members.length; i++) {
            assignments.put(members[i].memberId, ShardHarness.assignment(new TopicPartition("t", i)));
        }
        Map<TestMember, CompletableFuture<SyncGroupResponse>> syncs = new LinkedHashMap<>();
        TestMember leader = null;
        for (TestMember m : members) {
            if (group.isLeader(m.memberId)) {
                leader = m;
            } else {
                syncs.put(m, m.sync());
            }
        }
        if (leader != null) {
            syncs.put(leader, leader.sync(assignments));
        }
        Map<TestMember, SyncGroupResponse> responses = new LinkedHashMap<>();
        syncs.forEach((m, f) -> {
            SyncGroupResponse r = f.join();
            assertEquals(ErrorCode.NONE.code(), r.errorCode(), "sync of " + m.memberId);
            responses.put(m, r);
        });
        assertEquals(GroupState.STABLE, group.state());
        return responses;
    }

    /** Completes a single member's parked first join and syncs it. */
    static void stabilizeAfterJoin(ShardHarness h, TestMember m, CompletableFuture<JoinGroupResponse> join) {
        h.advance(h.config.initialRebalanceDelayMs());
        assertEquals(ErrorCode.NONE.code(), join.join().errorCode());
        syncAll(h, m);
    }
}
