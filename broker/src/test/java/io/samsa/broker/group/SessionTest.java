package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupResponse;
import io.samsa.protocol.message.LeaveGroupRequest.MemberIdentity;
import io.samsa.protocol.message.LeaveGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heartbeat, session timeouts and LeaveGroup, with a manual clock. */
@Timeout(30)
class SessionTest {
    private static final String G = "group";

    @Test
    void heartbeatAnswersByStateAndMembership() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        assertEquals(ErrorCode.NONE, a.heartbeat());
        assertEquals(ErrorCode.ILLEGAL_GENERATION, h.heartbeat(G, a.memberId, null, a.generation + 1));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat(G, "nobody", null, a.generation));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("no-such-group", a.memberId, null, 1));

        new TestMember(h, G).joinWithId();
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, a.heartbeat());
    }

    @Test
    void aSilentMemberIsRemovedAfterItsSessionTimeoutAndTheOthersRebalance() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        h.advance(a.sessionTimeoutMs / 2);
        assertEquals(ErrorCode.NONE, a.heartbeat(), "a heartbeats, b does not");
        h.advance(a.sessionTimeoutMs / 2 - 1);
        assertTrue(h.group(G).hasMember(b.memberId));
        h.advance(1);
        assertFalse(h.group(G).hasMember(b.memberId));
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, a.heartbeat());
        CompletableFuture<JoinGroupResponse> rejoin = a.join();
        assertTrue(rejoin.isDone(), "the only member left rejoined: the phase ends at once");
        assertEquals(2, rejoin.join().generationId());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, b.heartbeat());
    }

    @Test
    void heartbeatsKeepAMemberWellPastItsSessionTimeout() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        Groups.stabilize(h, a);
        for (int i = 0; i < 20; i++) {
            h.advance(a.sessionTimeoutMs - 1);
            assertEquals(ErrorCode.NONE, a.heartbeat());
        }
        assertEquals(GroupState.STABLE, h.group(G).state());
        assertEquals(1, h.shard.timer().size() - 1, "one session timer (plus offset expiry)");
    }

    @Test
    void aMemberParkedInJoinGroupOutlivesItsSessionTimeout() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        CompletableFuture<JoinGroupResponse> aJoin = a.join();   // leader or not, a rejoins; b is silent
        h.advance(a.sessionTimeoutMs);
        assertTrue(h.group(G).hasMember(a.memberId), "a waits in JoinGroup and cannot heartbeat");
        assertFalse(h.group(G).hasMember(b.memberId), "b's session expired");
        assertTrue(aJoin.isDone());
        assertEquals(2, aJoin.join().generationId());
    }

    @Test
    void whenTheLastMemberTimesOutTheGroupBecomesEmptyAndThatIsWritten() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        Groups.stabilize(h, a);
        int records = h.log.records(ShardHarness.PARTITION).size();
        h.advance(a.sessionTimeoutMs);
        assertEquals(GroupState.EMPTY, h.group(G).state());
        assertEquals(2, h.group(G).generationId());
        assertEquals(records + 1, h.log.records(ShardHarness.PARTITION).size(), "the empty group record");
    }

    @Test
    void leaveRemovesTheMemberAndTheRestRebalance() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        assertEquals(ErrorCode.NONE, b.leave());
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
        assertEquals(2, a.join().join().generationId());
        assertEquals(1, h.group(G).size());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, b.leave(), "already gone");
    }

    @Test
    void theLastMemberLeavingEmptiesTheGroup() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        Groups.stabilize(h, a);
        assertEquals(ErrorCode.NONE, a.leave());
        assertEquals(GroupState.EMPTY, h.group(G).state());
    }

    @Test
    void aBatchLeaveRemovesStaticMembersByInstanceIdAndAnswersEachMember() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G, "instance-a");
        TestMember b = new TestMember(h, G, "instance-b");
        TestMember c = new TestMember(h, G);
        Groups.stabilize(h, a, b, c);
        LeaveGroupResponse response = h.leave(G,
                new MemberIdentity().setMemberId("").setGroupInstanceId("instance-a"),
                new MemberIdentity().setMemberId("wrong-id").setGroupInstanceId("instance-b"),
                new MemberIdentity().setMemberId("").setGroupInstanceId("instance-z"),
                new MemberIdentity().setMemberId(c.memberId));
        assertEquals(ErrorCode.NONE.code(), response.errorCode());
        assertEquals(ErrorCode.NONE.code(), response.members().get(0).errorCode());
        assertEquals(ErrorCode.FENCED_INSTANCE_ID.code(), response.members().get(1).errorCode());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), response.members().get(2).errorCode());
        assertEquals(ErrorCode.NONE.code(), response.members().get(3).errorCode());
        assertEquals(1, h.group(G).size());
        assertTrue(h.group(G).hasMember(b.memberId));
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state(), "one rebalance for the batch");
    }

    @Test
    void aLeaveFromAnUnknownGroupIsUnknownMember() {
        ShardHarness h = new ShardHarness();
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(),
                h.leave("nope", new MemberIdentity().setMemberId("m")).errorCode());
    }

    @Test
    void aPendingMemberMayLeave() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        a.join().join();
        assertTrue(h.group(G).isPendingMember(a.memberId));
        assertEquals(ErrorCode.NONE, a.leave());
        assertFalse(h.group(G).isPendingMember(a.memberId));
    }
}
