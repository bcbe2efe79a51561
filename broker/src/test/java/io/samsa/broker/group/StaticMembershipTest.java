package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupResponse;
import io.samsa.protocol.message.SyncGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KIP-345 static membership: restarts without rebalances, fencing, and KIP-814 for a restarted leader. */
@Timeout(30)
class StaticMembershipTest {
    private static final String G = "group";

    /** A Stable group of static members a (leader) and b. */
    private static TestMember[] stable(ShardHarness h) {
        TestMember a = new TestMember(h, G, "instance-a");
        TestMember b = new TestMember(h, G, "instance-b");
        CompletableFuture<JoinGroupResponse> aJoin = a.joinWithId();
        CompletableFuture<JoinGroupResponse> bJoin = b.joinWithId();
        h.advance(0);
        assertEquals(ErrorCode.NONE.code(), aJoin.join().errorCode(), "static members skip MEMBER_ID_REQUIRED");
        assertEquals(a.memberId, aJoin.join().leader());
        assertEquals(ErrorCode.NONE.code(), bJoin.join().errorCode());
        assertTrue(a.memberId.startsWith("instance-a-"), a.memberId);
        Groups.syncAll(h, a, b);
        return new TestMember[] {a, b};
    }

    /** The same instance started again: it does not know its member id. */
    private static TestMember restarted(ShardHarness h, TestMember before) {
        TestMember again = new TestMember(h, G, before.instanceId);
        again.version = before.version;
        return again;
    }

    @Test
    void aRestartedFollowerGetsItsAssignmentBackWithoutARebalance() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = stable(h);
        byte[] assignment = h.group(G).member(m[1].memberId).assignment();

        TestMember b2 = restarted(h, m[1]);
        JoinGroupResponse join = b2.join().join();
        assertEquals(ErrorCode.NONE.code(), join.errorCode());
        assertEquals(1, join.generationId(), "same generation: no rebalance");
        assertNotEquals(m[1].memberId, join.memberId());
        assertEquals(m[0].memberId, join.leader());
        assertEquals(GroupState.STABLE, h.group(G).state());

        SyncGroupResponse sync = b2.sync().join();
        assertArrayEquals(assignment, sync.assignment());
        assertEquals(ErrorCode.NONE, m[0].heartbeat(), "the leader was not disturbed");
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, m[1].heartbeat(), "the old incarnation is fenced");
        assertEquals(ErrorCode.NONE, b2.heartbeat());
    }

    @Test
    void aRestartedLeaderLearnsItLeadsButSkipsTheAssignment() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = stable(h);
        TestMember a2 = restarted(h, m[0]);
        JoinGroupResponse join = a2.join().join();
        assertEquals(ErrorCode.NONE.code(), join.errorCode());
        assertEquals(join.memberId(), join.leader(), "KIP-814: v9 tells the new incarnation it leads");
        assertTrue(join.skipAssignment());
        assertEquals(2, join.members().size());
        assertEquals(GroupState.STABLE, h.group(G).state());
    }

    @Test
    void beforeV9ARestartedLeaderIsGivenTheOldLeaderIdSoItDoesNotAssign() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = stable(h);
        TestMember a2 = restarted(h, m[0]).withVersion(8);
        JoinGroupResponse join = a2.join().join();
        assertEquals(m[0].memberId, join.leader());
        assertFalse(join.skipAssignment());
        assertTrue(join.members().isEmpty());
    }

    @Test
    void aRestartWithADifferentProtocolStartsARebalance() {
        ShardHarness h = new ShardHarness();
        byte[] sub = ShardHarness.subscription("t");
        TestMember a = new TestMember(h, G, "instance-a").withProtocols(new MemberProtocol("range", sub),
                new MemberProtocol("roundrobin", sub));
        TestMember b = new TestMember(h, G, "instance-b").withProtocols(new MemberProtocol("range", sub),
                new MemberProtocol("roundrobin", sub));
        Groups.stabilize(h, a, b);
        assertEquals("range", h.group(G).protocolName());

        TestMember b2 = restarted(h, b).withProtocols(new MemberProtocol("roundrobin", sub));
        CompletableFuture<JoinGroupResponse> join = b2.join();
        assertFalse(join.isDone(), "the selected protocol would change: parked in a rebalance");
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
        a.join();
        assertEquals("roundrobin", join.join().protocolName());
    }

    @Test
    void aRestartDuringCompletingRebalanceStartsOver() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G, "instance-a");
        TestMember b = new TestMember(h, G, "instance-b");
        a.joinWithId();
        CompletableFuture<JoinGroupResponse> bJoin = b.joinWithId();
        h.advance(0);
        bJoin.join();
        CompletableFuture<SyncGroupResponse> parkedSync = b.sync();
        TestMember b2 = restarted(h, b);
        b2.join();
        assertEquals(ErrorCode.FENCED_INSTANCE_ID.code(), parkedSync.join().errorCode(),
                "the old incarnation's parked sync is fenced");
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
    }

    @Test
    void aStaticMemberThatDoesNotRejoinKeepsItsPlaceThroughARebalance() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = stable(h);
        TestMember c = new TestMember(h, G);
        CompletableFuture<JoinGroupResponse> cJoin = c.joinWithId();
        CompletableFuture<JoinGroupResponse> aJoin = m[0].join();
        // b (static) is bouncing and does not rejoin within the rebalance timeout, but heartbeats.
        for (int t = 0; t < m[0].rebalanceTimeoutMs; t += 5000) {
            h.advance(5000);
            m[1].heartbeat();
        }
        assertEquals(2, aJoin.join().generationId());
        assertEquals(2, cJoin.join().generationId());
        assertTrue(h.group(G).hasMember(m[1].memberId), "static members are not dropped at the join deadline");
        assertEquals(3, aJoin.join().members().size());
    }

    @Test
    void aStaticMemberUsingAnotherMembersIdIsFenced() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = stable(h);
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, h.heartbeat(G, m[0].memberId, "instance-b", 1));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat(G, m[0].memberId, "instance-z", 1));
        Map<TopicPartition, ErrorCode> commit = h.commit(G, new Committer(1, m[0].memberId, "instance-b"),
                (short) 9, new CommitOffset(new TopicPartition("t", 0), 5, -1, "")).join();
        assertEquals(List.of(ErrorCode.FENCED_INSTANCE_ID), List.copyOf(commit.values()));
    }

    @Test
    void aFailedWriteOfTheReplacementRevertsToTheOldMemberId() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = stable(h);
        h.log.failNextAppends(1, ErrorCode.NOT_LEADER_OR_FOLLOWER);
        TestMember b2 = restarted(h, m[1]);
        JoinGroupResponse join = b2.join().join();
        assertEquals(ErrorCode.NOT_COORDINATOR.code(), join.errorCode());
        assertEquals(m[1].memberId, h.group(G).staticMemberId("instance-b"));
        assertEquals(ErrorCode.NONE, m[1].heartbeat(), "the old incarnation is still the member");
    }
}
