package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JoinGroup on one shard with a manual clock: KIP-394, protocol selection, the join phase and its timeouts. */
@Timeout(30)
class JoinGroupTest {
    private static final String G = "group";

    private static ErrorCode error(JoinGroupResponse r) {
        return ErrorCode.forCode(r.errorCode());
    }

    @Test
    void kip394FirstJoinGetsAMemberIdThenTheSecondJoinIsAccepted() {
        ShardHarness h = new ShardHarness();
        TestMember m = new TestMember(h, G).withVersion(4);
        m.clientId = "app";

        JoinGroupResponse first = m.join().join();
        assertEquals(ErrorCode.MEMBER_ID_REQUIRED, error(first));
        assertTrue(first.memberId().startsWith("app-"), first.memberId());
        assertEquals(0, h.group(G).size(), "a pending member is not a member yet");

        CompletableFuture<JoinGroupResponse> second = m.join();
        assertFalse(second.isDone(), "parked until the initial rebalance timer fires");
        h.advance(0);
        JoinGroupResponse joined = second.join();
        assertEquals(ErrorCode.NONE, error(joined));
        assertEquals(first.memberId(), joined.memberId());
        assertEquals(1, joined.generationId());
        assertEquals(joined.memberId(), joined.leader());
        assertEquals("range", joined.protocolName());
        assertEquals("consumer", joined.protocolType());
        assertEquals(1, joined.members().size(), "the leader gets the member list");
        assertEquals(GroupState.COMPLETING_REBALANCE, h.group(G).state());
    }

    @Test
    void beforeV4ANewMemberJoinsInOneRequest() {
        ShardHarness h = new ShardHarness();
        TestMember m = new TestMember(h, G).withVersion(3);
        CompletableFuture<JoinGroupResponse> join = m.join();
        h.advance(0);
        assertEquals(ErrorCode.NONE, error(join.join()));
        assertEquals(1, join.join().generationId());
    }

    @Test
    void aPendingMemberThatNeverRejoinsExpiresAfterItsSessionTimeout() {
        ShardHarness h = new ShardHarness();
        TestMember m = new TestMember(h, G);
        assertEquals(ErrorCode.MEMBER_ID_REQUIRED, error(m.join().join()));

        h.advance(m.sessionTimeoutMs);
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, error(m.join().join()), "the pending id was dropped");
    }

    @Test
    void sessionTimeoutsOutsideTheBrokerLimitsAreRefused() {
        ShardHarness h = new ShardHarness();
        TestMember tooShort = new TestMember(h, G);
        tooShort.sessionTimeoutMs = h.config.minSessionTimeoutMs() - 1;
        assertEquals(ErrorCode.INVALID_SESSION_TIMEOUT, error(tooShort.join().join()));
        TestMember tooLong = new TestMember(h, G);
        tooLong.sessionTimeoutMs = h.config.maxSessionTimeoutMs() + 1;
        assertEquals(ErrorCode.INVALID_SESSION_TIMEOUT, error(tooLong.join().join()));
    }

    @Test
    void aJoinWithAMemberIdToAnUnknownGroupIsUnknownMember() {
        ShardHarness h = new ShardHarness();
        TestMember m = new TestMember(h, G);
        m.memberId = "made-up";
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, error(m.join().join()));
        assertNull(h.group(G));
    }

    @Test
    void theProtocolIsOneEveryMemberSupportsWithTheMostVotes() {
        ShardHarness h = new ShardHarness();
        byte[] sub = ShardHarness.subscription("t");
        TestMember a = new TestMember(h, G).withProtocols(new MemberProtocol("range", sub),
                new MemberProtocol("roundrobin", sub));
        TestMember b = new TestMember(h, G).withProtocols(new MemberProtocol("cooperative-sticky", sub),
                new MemberProtocol("roundrobin", sub));
        a.joinWithId();
        b.joinWithId();
        h.advance(0);
        assertEquals("roundrobin", h.group(G).protocolName());
        assertEquals(Set.of("roundrobin"), h.group(G).candidateProtocols());
    }

    @Test
    void aMemberWithNoProtocolInCommonOrAnotherTypeIsInconsistent() {
        ShardHarness h = new ShardHarness();
        byte[] sub = ShardHarness.subscription("t");
        TestMember a = new TestMember(h, G).withProtocols(new MemberProtocol("range", sub));
        CompletableFuture<JoinGroupResponse> aJoin = a.joinWithId();
        TestMember b = new TestMember(h, G).withProtocols(new MemberProtocol("roundrobin", sub));
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, error(b.join().join()));
        TestMember c = new TestMember(h, G);
        c.protocolType = "connect";
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, error(c.join().join()));
        h.advance(0);
        assertEquals(ErrorCode.NONE, error(aJoin.join()));
    }

    @Test
    void theInitialDelayIsExtendedWhileMembersKeepJoiningUpToTheRebalanceTimeout() {
        ShardHarness h = new ShardHarness(GroupConfig.defaults().withInitialRebalanceDelayMs(3000));
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        a.rebalanceTimeoutMs = 10_000;
        CompletableFuture<JoinGroupResponse> aJoin = a.joinWithId();
        h.advance(2000);
        CompletableFuture<JoinGroupResponse> bJoin = b.joinWithId();
        h.advance(1000);
        assertFalse(aJoin.isDone(), "a member arrived during the delay: extended by another delay");
        h.advance(2999);
        assertFalse(aJoin.isDone());
        h.advance(1);
        assertEquals(ErrorCode.NONE, error(aJoin.join()));
        assertEquals(ErrorCode.NONE, error(bJoin.join()));
        assertEquals(1, aJoin.join().generationId(), "both in the first generation");
        assertEquals(2, h.group(G).size());
    }

    @Test
    void groupMaxSizeTurnsAwayTheMemberThatDoesNotFit() {
        ShardHarness h = new ShardHarness(ShardHarness.testConfig().withMaxSize(1));
        TestMember a = new TestMember(h, G);
        a.joinWithId();
        h.advance(0);
        TestMember b = new TestMember(h, G);
        JoinGroupResponse refused = b.joinWithId().join();
        assertEquals(ErrorCode.GROUP_MAX_SIZE_REACHED, error(refused));
        assertEquals(1, h.group(G).size());
    }

    @Test
    void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);

        // b changes its subscription and rejoins; a never does.
        b.protocols = java.util.List.of(new MemberProtocol("range", ShardHarness.subscription("t", "u")));
        CompletableFuture<JoinGroupResponse> bJoin = b.join();
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, a.heartbeat());
        // a's heartbeat thread lives on (its poll loop is stuck): only the rebalance timeout removes it.
        for (int t = 0; t < a.rebalanceTimeoutMs - 5000; t += 5000) {
            h.advance(5000);
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, a.heartbeat());
        }
        h.advance(4999);
        assertFalse(bJoin.isDone());
        h.advance(1);
        JoinGroupResponse joined = bJoin.join();
        assertEquals(2, joined.generationId());
        assertEquals(b.memberId, joined.leader(), "b is the only member left and leads");
        assertFalse(h.group(G).hasMember(a.memberId));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, a.heartbeat());
    }

    @Test
    void aFollowerRejoiningWithTheSameMetadataInStableGetsTheCurrentGenerationWithoutRebalance() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        TestMember follower = a.memberId.equals(h.group(G).leaderId()) ? b : a;

        JoinGroupResponse again = follower.join().join();
        assertEquals(ErrorCode.NONE, error(again));
        assertEquals(1, again.generationId());
        assertTrue(again.members().isEmpty());
        assertEquals(GroupState.STABLE, h.group(G).state());
    }

    @Test
    void theLeaderRejoiningInStableStartsARebalance() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        TestMember leader = a.memberId.equals(h.group(G).leaderId()) ? a : b;
        TestMember follower = leader == a ? b : a;

        CompletableFuture<JoinGroupResponse> leaderJoin = leader.join();
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, follower.heartbeat());
        CompletableFuture<JoinGroupResponse> followerJoin = follower.join();
        assertTrue(leaderJoin.isDone() && followerJoin.isDone(), "everyone rejoined: the phase ends at once");
        assertEquals(2, leaderJoin.join().generationId());
        assertEquals(2, leaderJoin.join().members().size());
        assertTrue(followerJoin.join().members().isEmpty());
    }

    @Test
    void aMemberRejoiningDuringCompletingRebalanceWithSameMetadataGetsTheSameAnswer() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        CompletableFuture<JoinGroupResponse> first = a.joinWithId();
        h.advance(0);
        JoinGroupResponse retry = a.join().join();
        assertEquals(first.join().generationId(), retry.generationId());
        assertEquals(a.memberId, retry.leader());
        assertEquals(1, retry.members().size());
        assertEquals(GroupState.COMPLETING_REBALANCE, h.group(G).state());
    }

    @Test
    void aRetriedJoinWhileTheFirstIsStillParkedReplacesIt() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        a.protocols = java.util.List.of(new MemberProtocol("range", ShardHarness.subscription("t", "u")));

        CompletableFuture<JoinGroupResponse> parked = a.join();
        CompletableFuture<JoinGroupResponse> retry = a.join();
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, error(parked.join()),
                "the displaced join is answered, so no connection waits on it forever");
        assertFalse(retry.isDone());
        CompletableFuture<JoinGroupResponse> bJoin = b.join();
        assertEquals(ErrorCode.NONE, error(retry.join()));
        assertEquals(ErrorCode.NONE, error(bJoin.join()));
        assertEquals(2, retry.join().generationId());
assertEquals(0, h.group(G).numAwaitingJoin(), "no member is left counted as awaiting a join");
    }
}
