package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupResponse;
import io.samsa.protocol.message.SyncGroupRequest;
import io.samsa.protocol.message.SyncGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SyncGroup: the leader's assignment, the sync barrier and its timeout, and write failures. */
@Timeout(30)
class SyncGroupTest {
    private static final String G = "group";
    private static final byte[] A0 = ShardHarness.assignment(new TopicPartition("t", 0));
    private static final byte[] A1 = ShardHarness.assignment(new TopicPartition("t", 1), new TopicPartition("t", 2));

    private static ErrorCode error(SyncGroupResponse r) {
        return ErrorCode.forCode(r.errorCode());
    }

    /** a leads, b follows; both joined generation 1. */
    private static TestMember[] joined(ShardHarness h) {
        TestMember a = new TestMember(h, G);
        CompletableFuture<JoinGroupResponse> aJoin = a.joinWithId();
        TestMember b = new TestMember(h, G);
        CompletableFuture<JoinGroupResponse> bJoin = b.joinWithId();
        h.advance(0);
        assertEquals(a.memberId, aJoin.join().leader());
        assertEquals(ErrorCode.NONE.code(), bJoin.join().errorCode());
        return new TestMember[] {a, b};
    }

    @Test
    void followersWaitForTheLeaderAndEachGetsItsOwnPartOnceItIsWritten() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = joined(h);
        CompletableFuture<SyncGroupResponse> follower = m[1].sync();
        assertFalse(follower.isDone(), "parked until the leader's assignment");
        int recordsBefore = h.log.records(ShardHarness.PARTITION).size();

        SyncGroupResponse leader = m[0].sync(TestMember.assignments(m[0].memberId, A0, m[1].memberId, A1)).join();
        assertEquals(ErrorCode.NONE, error(leader));
        assertArrayEquals(A0, leader.assignment());
        assertArrayEquals(A1, follower.join().assignment());
        assertEquals("range", follower.join().protocolName());
        assertEquals("consumer", follower.join().protocolType());
        assertEquals(GroupState.STABLE, h.group(G).state());
        assertEquals(recordsBefore + 1, h.log.records(ShardHarness.PARTITION).size(), "the group record");
    }

    @Test
    void aMemberTheLeaderLeftOutGetsAnEmptyAssignment() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = joined(h);
        CompletableFuture<SyncGroupResponse> follower = m[1].sync();
        m[0].sync(TestMember.assignments(m[0].memberId, A0, "not-a-member", A1)).join();
        assertEquals(0, follower.join().assignment().length);
    }

    @Test
    void inStableASyncReturnsTheCurrentAssignmentAgain() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = joined(h);
        CompletableFuture<SyncGroupResponse> follower = m[1].sync();
        m[0].sync(TestMember.assignments(m[0].memberId, A0, m[1].memberId, A1)).join();
        follower.join();
        assertArrayEquals(A1, m[1].sync().join().assignment());
    }

    @Test
    void validation() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = joined(h);
        SyncGroupRequest wrongGeneration = new SyncGroupRequest().setGroupId(G).setMemberId(m[1].memberId)
                .setGenerationId(7);
        assertEquals(ErrorCode.ILLEGAL_GENERATION, error(h.sync(wrongGeneration).join()));
        SyncGroupRequest unknown = new SyncGroupRequest().setGroupId(G).setMemberId("nobody").setGenerationId(1);
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, error(h.sync(unknown).join()));
        SyncGroupRequest otherGroup = new SyncGroupRequest().setGroupId("other").setMemberId("x").setGenerationId(1);
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, error(h.sync(otherGroup).join()));
        // KIP-559 (v5): a protocol name or type other than the group's.
        SyncGroupRequest wrongProtocol = new SyncGroupRequest().setGroupId(G).setMemberId(m[1].memberId)
                .setGenerationId(1).setProtocolType("consumer").setProtocolName("roundrobin");
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, error(h.sync(wrongProtocol).join()));
        SyncGroupRequest wrongType = new SyncGroupRequest().setGroupId(G).setMemberId(m[1].memberId)
                .setGenerationId(1).setProtocolType("connect");
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, error(h.sync(wrongType).join()));
    }

    @Test
    void aSyncDuringPreparingRebalanceIsToldToRejoin() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        TestMember c = new TestMember(h, G);
        c.joinWithId();
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, error(a.sync().join()));
    }

    @Test
    void aNewJoinDuringCompletingRebalanceTellsParkedSyncsToRejoin() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = joined(h);
        CompletableFuture<SyncGroupResponse> follower = m[1].sync();
        new TestMember(h, G).joinWithId();
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, error(follower.join()));
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
    }

    @Test
    void membersThatNeverSyncAreRemovedAfterTheRebalanceTimeout() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = joined(h);
        CompletableFuture<SyncGroupResponse> leader = m[0].sync(
                TestMember.assignments(m[0].memberId, A0, m[1].memberId, A1));
        assertEquals(ErrorCode.NONE, error(leader.join()));
        // b never syncs, but keeps heartbeating so that only the sync barrier can remove it.
        for (int t = 0; t < m[0].rebalanceTimeoutMs - 5000; t += 5000) {
            h.advance(5000);
            m[0].heartbeat();
            m[1].heartbeat();
        }
        assertTrue(h.group(G).hasMember(m[1].memberId));
        h.advance(5000);
        assertFalse(h.group(G).hasMember(m[1].memberId), "removed on pending sync expiration");
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, m[0].heartbeat());
    }

    @Test
    void aFailedWriteOfTheAssignmentIsReportedAndStartsANewRebalance() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = joined(h);
        CompletableFuture<SyncGroupResponse> follower = m[1].sync();
        h.log.failNextAppends(1, ErrorCode.NOT_LEADER_OR_FOLLOWER);
        SyncGroupResponse leader = m[0].sync(TestMember.assignments(m[0].memberId, A0, m[1].memberId, A1)).join();
        assertEquals(ErrorCode.NOT_COORDINATOR, error(leader), "Kafka's mapping of the append error");
        assertEquals(ErrorCode.NOT_COORDINATOR, error(follower.join()));
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
    }

    @Test
    void anAssignmentWrittenAfterTheGroupMovedOnIsNotHandedOut() {
        ShardHarness h = new ShardHarness();
        TestMember[] m = joined(h);
        h.log.hold();
        CompletableFuture<SyncGroupResponse> leader = m[0].sync(
                TestMember.assignments(m[0].memberId, A0, m[1].memberId, A1));
        TestMember c = new TestMember(h, G);
        c.joinWithId();
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, error(leader.join()));
        h.log.release();
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
        assertArrayEquals(new byte[0], h.group(G).member(m[1].memberId).assignment(),
                "the stale assignment was not applied");
    }
}
