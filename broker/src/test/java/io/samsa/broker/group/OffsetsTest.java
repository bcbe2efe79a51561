package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OffsetCommit, OffsetFetch, OffsetDelete and offset expiry on one shard. */
@Timeout(30)
class OffsetsTest {
    private static final String G = "group";
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);
    private static final TopicPartition U0 = new TopicPartition("u", 0);
    private static final short V9 = 9;

    private static CommitOffset offset(TopicPartition tp, long offset, String metadata) {
        return new CommitOffset(tp, offset, 4, metadata);
    }

    @Test
    void aStandaloneConsumerCommitsWithoutAGroupAndReadsItsOffsetsAndMetadataBack() {
        ShardHarness h = new ShardHarness();
        Map<TopicPartition, ErrorCode> errors = h.commit(G, Committer.standalone(), V9,
                offset(T0, 42, "where I was"), offset(T1, 7, null)).join();
        assertEquals(Map.of(T0, ErrorCode.NONE, T1, ErrorCode.NONE), errors);
        assertEquals(GroupState.EMPTY, h.group(G).state(), "a simple group holds the offsets");
        assertNull(h.group(G).protocolType());

        OffsetFetchResult fetched = h.fetch(G, List.of(T0, T1, U0));
        assertEquals(42, fetched.offsets().get(T0).offset());
        assertEquals("where I was", fetched.offsets().get(T0).metadata());
        assertEquals(4, fetched.offsets().get(T0).leaderEpoch());
        assertEquals("", fetched.offsets().get(T1).metadata(), "null metadata is stored as empty");
        assertNull(fetched.offsets().get(U0), "no offset committed");
        assertTrue(fetched.offsets().containsKey(U0));
        assertEquals(2, h.fetch(G, null).offsets().size(), "all partitions");
        assertEquals(0, h.fetch("unknown", null).offsets().size());
    }

    @Test
    void aMemberCommitsInItsGenerationOnly() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        Groups.stabilize(h, a);
        assertEquals(ErrorCode.NONE, a.commit(T0, 10).get(T0));
        Committer stale = new Committer(a.generation - 1, a.memberId, null);
        assertEquals(ErrorCode.ILLEGAL_GENERATION, h.commit(G, stale, V9, offset(T0, 11, "")).join().get(T0));
        Committer stranger = new Committer(a.generation, "stranger", null);
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.commit(G, stranger, V9, offset(T0, 11, "")).join().get(T0));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.commit(G, Committer.standalone(), V9, offset(T0, 11, ""))
                .join().get(T0), "a live group takes no anonymous commits");
        assertEquals(10, h.fetch(G, List.of(T0)).offsets().get(T0).offset());
    }

    @Test
    void commitsDuringARebalance() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        TestMember b = new TestMember(h, G);
        Groups.stabilize(h, a, b);
        b.protocols = List.of(new MemberProtocol("range", ShardHarness.subscription("t", "u")));
        b.join();
        assertEquals(GroupState.PREPARING_REBALANCE, h.group(G).state());
        assertEquals(ErrorCode.NONE, a.commit(T0, 5).get(T0), "allowed while preparing: members commit before "
                + "they rejoin");
        a.join();
        assertEquals(GroupState.COMPLETING_REBALANCE, h.group(G).state());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, a.commit(T0, 6).get(T0));
    }

    @Test
    void aCommitWithAGenerationToAnUnknownGroupDependsOnTheVersion() {
        ShardHarness h = new ShardHarness();
        Committer member = new Committer(3, "m", null);
        assertEquals(ErrorCode.ILLEGAL_GENERATION, h.commit(G, member, (short) 8, offset(T0, 1, "")).join().get(T0));
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, h.commit(G, member, V9, offset(T0, 1, "")).join().get(T0));
        assertNull(h.group(G));
    }

    @Test
    void metadataLongerThanTheLimitIsRefusedForThatPartitionOnly() {
        ShardHarness h = new ShardHarness();
        char[] big = new char[h.config.offsetMetadataMaxBytes() + 1];
        Arrays.fill(big, 'x');
        Map<TopicPartition, ErrorCode> errors = h.commit(G, Committer.standalone(), V9,
                offset(T0, 1, new String(big)), offset(T1, 2, "ok")).join();
        assertEquals(ErrorCode.OFFSET_METADATA_TOO_LARGE, errors.get(T0));
        assertEquals(ErrorCode.NONE, errors.get(T1));
        assertNull(h.fetch(G, List.of(T0)).offsets().get(T0));
    }

    @Test
    void aCommitIsVisibleOnlyOnceWrittenAndAFailedOneNever() {
        ShardHarness h = new ShardHarness();
        h.log.hold();
        CompletableFuture<Map<TopicPartition, ErrorCode>> pending = h.commit(G, Committer.standalone(), V9,
                offset(T0, 100, ""));
        assertFalse(pending.isDone(), "acknowledged only once committed");
        assertNull(h.fetch(G, List.of(T0)).offsets().get(T0));
        h.log.release();
        assertEquals(ErrorCode.NONE, pending.join().get(T0));
        assertEquals(100, h.fetch(G, List.of(T0)).offsets().get(T0).offset());

        h.log.failNextAppends(1, ErrorCode.REQUEST_TIMED_OUT);
        assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                h.commit(G, Committer.standalone(), V9, offset(T0, 200, "")).join().get(T0));
        assertEquals(100, h.fetch(G, List.of(T0)).offsets().get(T0).offset());
    }

    @Test
    void offsetDeleteOnAnEmptyGroupDeletesAnyOffset() {
        ShardHarness h = new ShardHarness();
        h.commit(G, Committer.standalone(), V9, offset(T0, 1, ""), offset(U0, 2, "")).join();
        OffsetDeleteResult result = h.deleteOffsets(G, T0);
        assertEquals(ErrorCode.NONE, result.error());
        assertEquals(Map.of(T0, ErrorCode.NONE), result.partitions());
        assertEquals(Map.of(U0, h.fetch(G, null).offsets().get(U0)), h.fetch(G, null).offsets());
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, h.deleteOffsets("nope", T0).error());
    }

    @Test
    void offsetDeleteOnALiveConsumerGroupSparesSubscribedTopics() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);   // subscribes to "t"
        Groups.stabilize(h, a);
        a.commit(T0, 1);
        a.commit(U0, 2);
        OffsetDeleteResult result = h.deleteOffsets(G, T0, U0);
        assertEquals(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, result.partitions().get(T0));
        assertEquals(ErrorCode.NONE, result.partitions().get(U0));
        assertEquals(List.of(T0), List.copyOf(h.fetch(G, null).offsets().keySet()));
    }

    @Test
    void offsetDeleteOnALiveNonConsumerGroupIsRefused() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        a.protocolType = "connect";
        a.protocols = List.of(new MemberProtocol("default", new byte[] {1}));
        Groups.stabilize(h, a);
        assertEquals(ErrorCode.NON_EMPTY_GROUP, h.deleteOffsets(G, T0).error());
    }

    @Test
    void anEmptyGroupsOffsetsExpireRetentionAfterItBecameEmptyThenTheGroupGoes() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        Groups.stabilize(h, a);
        a.commit(T0, 9);
        long retention = h.config.offsetsRetentionMs();
        long interval = h.config.offsetsRetentionCheckIntervalMs();
        // The commit grows old, but the group still has a member (a heartbeats).
        for (long t = 0; t < retention; t += a.sessionTimeoutMs / 2) {
            h.advance(a.sessionTimeoutMs / 2);
            a.heartbeat();
        }
        assertEquals(9, h.fetch(G, List.of(T0)).offsets().get(T0).offset(), "kept while the group is alive");
        assertEquals(ErrorCode.NONE, a.leave());
        assertEquals(GroupState.EMPTY, h.group(G).state());
        h.advance(retention - interval);
        assertEquals(9, h.fetch(G, List.of(T0)).offsets().get(T0).offset(), "retention counts from Empty");
        h.advance(2 * interval);
        assertNull(h.fetch(G, List.of(T0)).offsets().get(T0));
        assertNull(h.group(G), "an empty group without offsets is deleted");
    }

    @Test
    void standaloneOffsetsExpireByCommitTimeAndExplicitRetentionWins() {
        ShardHarness h = new ShardHarness();
        long interval = h.config.offsetsRetentionCheckIntervalMs();
        h.commit(G, Committer.standalone(), (short) 4, 2 * interval, offset(T0, 1, "")).join();
        h.commit(G, Committer.standalone(), V9, offset(T1, 2, "")).join();
        h.advance(3 * interval);
        assertNull(h.fetch(G, List.of(T0)).offsets().get(T0), "the v2-v4 retention time expired it");
        assertEquals(2, h.fetch(G, List.of(T1)).offsets().get(T1).offset());
        h.advance(h.config.offsetsRetentionMs());
        assertNull(h.fetch(G, List.of(T1)).offsets().get(T1));
        int records = h.log.records(ShardHarness.PARTITION).size();
        assertTrue(h.log.records(ShardHarness.PARTITION).get(records - 1).isTombstone());
    }

    @Test
    void aStableGroupLosesOnlyOffsetsOfTopicsItNoLongerSubscribesTo() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, G);
        Groups.stabilize(h, a);
        a.commit(T0, 1);
        a.commit(U0, 1);
        for (long t = 0; t <= h.config.offsetsRetentionMs() + h.config.offsetsRetentionCheckIntervalMs();
             t += a.sessionTimeoutMs / 2) {
            h.advance(a.sessionTimeoutMs / 2);
            a.heartbeat();
        }
        assertEquals(List.of(T0), List.copyOf(h.fetch(G, null).offsets().keySet()));
    }

    @Test
    void offsetsOfDeletedTopicsAreRemoved() {
        ShardHarness h = new ShardHarness();
        h.commit(G, Committer.standalone(), V9, offset(T0, 1, ""), offset(U0, 2, "")).join();
        h.shard.execute(() -> h.shard.offsetOps.removeTopics(java.util.Set.of("t")));
        assertEquals(List.of(U0), List.copyOf(h.fetch(G, null).offsets().keySet()));
        assertEquals(List.of(U0), List.copyOf(h.reload().offsets().of(G).keySet()), "and stay removed");
    }
}
