package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard rebuilt from its partition (a broker restart, or another broker taking the partition over): groups,
 * members, assignments and offsets come back, live members carry on without a rebalance, dead ones expire.
 */
@Timeout(30)
class ShardLoadTest {
    private static final String G = "group";
    private static final TopicPartition T0 = new TopicPartition("t", 0);

    @Test
    void membersAssignmentsAndOffsetsSurviveAReload() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G, "instance-a");
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        byte[] bAssignment = h.group(G).member(b.memberId).assignment();
        a.commit(T0, 77);
        String leader = h.group(G).leaderId();

        h.reload();
        ClassicGroup group = h.group(G);
        assertEquals(GroupState.STABLE, group.state());
        assertEquals(1, group.generationId());
        assertEquals(leader, group.leaderId());
        assertEquals("range", group.protocolName());
        assertEquals(a.memberId, group.staticMemberId("instance-a"));
        assertArrayEquals(bAssignment, group.member(b.memberId).assignment());
        assertEquals(77, h.fetch(G, List.of(T0)).offsets().get(T0).offset());
        assertEquals(ErrorCode.NONE, a.heartbeat(), "members carry on with their generation");
        assertArrayEquals(bAssignment, b.sync().join().assignment());
        assertTrue(group.isSubscribedToTopic("t"));
        assertFalse(group.isSubscribedToTopic("u"));
    }

    @Test
    void membersThatDoNotComeBackExpireAfterTheReload() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        h.reload();
        h.advance(a.sessionTimeoutMs / 2);
        assertEquals(ErrorCode.NONE, a.heartbeat());
        h.advance(a.sessionTimeoutMs / 2);
        assertFalse(h.group(G).hasMember(b.memberId));
        CompletableFuture<JoinGroupResponse> rejoin = a.join();
        assertEquals(2, rejoin.join().generationId());
    }

    @Test
    void deletedGroupsAndOffsetsStayDeletedAndStandaloneGroupsComeBackEmpty() {
        ShardHarness h = new ShardHarness();
        h.commit("simple", Committer.standalone(), (short) 9, new CommitOffset(T0, 5, -1, "m")).join();
        h.commit("gone", Committer.standalone(), (short) 9, new CommitOffset(T0, 6, -1, "")).join();
        assertEquals(ErrorCode.NONE, h.deleteGroup("gone"));
        TestMember a = new TestMember(h, G);
        Groups.stabilize(h, a);
        assertEquals(ErrorCode.NONE, a.leave());

        h.reload();
        assertNull(h.group("gone"));
        assertNull(h.fetch("gone", List.of(T0)).offsets().get(T0));
        assertEquals(GroupState.EMPTY, h.group("simple").state());
        assertEquals("m", h.fetch("simple", List.of(T0)).offsets().get(T0).metadata());
        assertEquals(GroupState.EMPTY, h.group(G).state());
        assertEquals(2, h.group(G).generationId(), "the empty generation was written");
    }

    @Test
    void requestsWhileLoadingAreToldToRetryAndAfterUnloadToFindTheNewCoordinator() {
        ShardHarness h = new ShardHarness();
        GroupShard loading = new GroupShard(1, 0, h.config, h.log, Runnable::run, h.scheduler, h.time);
        TestMember a = new TestMember(h, G);
        CompletableFuture<ErrorCode> beat = loading.call(
                () -> CompletableFuture.completedFuture(ErrorCode.NONE), e -> e);
        assertEquals(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, beat.join());

        CompletableFuture<JoinGroupResponse> parked = a.joinWithId();
        h.shard.unload().join();
        assertEquals(ErrorCode.NOT_COORDINATOR.code(), parked.join().errorCode(), "parked joins are answered");
        assertEquals(ErrorCode.NOT_COORDINATOR.code(), a.join().join().errorCode());
    }

    @Test
    void recordsOfOtherKindsAndMalformedRecordsAreSkipped() {
        InMemoryOffsetsLog log = new InMemoryOffsetsLog();
        log.append(ShardHarness.PARTITION, 0, List.of(
                new GroupRecord(new byte[] {0, 3, 0, 1, 'x'}, new byte[] {0, 0}),   // a KIP-848 record type
                new GroupRecord(new byte[] {0, 1, 0}, new byte[] {1}),                // truncated key
                GroupRecords.offsetCommit(G, T0, new OffsetAndMetadata(3, -1, "", 1, -1))));
        ShardHarness h = new ShardHarness(ShardHarness.testConfig(), log);
        assertEquals(3, h.fetch(G, List.of(T0)).offsets().get(T0).offset());
    }
}
