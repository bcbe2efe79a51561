package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In place of log compaction, a shard rewrites its partition down to the live state once the history outgrows it:
 * the partition stays small and a reload gives back exactly the same groups and offsets.
 */
@Timeout(30)
class RewriteTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    private static ShardHarness harness() {
        return new ShardHarness(ShardHarness.testConfig().withOffsetsRewriteMinRecords(20));
    }

    private static void commit(ShardHarness h, String group, TopicPartition tp, long offset) {
        assertEquals(ErrorCode.NONE, h.commit(group, Committer.standalone(), (short) 9,
                new CommitOffset(tp, offset, -1, "m" + offset)).join().get(tp));
    }

    @Test
    void theHistoryIsReplacedByTheLatestValueOfEveryKey() {
        ShardHarness h = harness();
        for (int i = 1; i <= 30; i++) {
            commit(h, "g", T0, i);
            commit(h, "g", T1, 100 + i);
        }
        assertTrue(h.log.rewrites() >= 1, "rewritten");
        assertTrue(h.log.records(ShardHarness.PARTITION).size() < 30, "the partition holds about the live state: "
                + h.log.records(ShardHarness.PARTITION).size());
        h.reload();
        assertEquals(30, h.fetch("g", List.of(T0)).offsets().get(T0).offset());
        assertEquals("m130", h.fetch("g", List.of(T1)).offsets().get(T1).metadata());
    }

    @Test
    void groupsComeBackAsTheyWereAndDeletedOnesStayDeleted() {
        ShardHarness h = harness();
        TestMember a = new TestMember(h, "live");
        Groups.stabilize(h, a);
        byte[] assignment = h.group("live").member(a.memberId).assignment();
        commit(h, "doomed", T0, 1);
        assertEquals(ErrorCode.NONE, h.deleteGroup("doomed"));
        for (int i = 0; i < 30; i++) {
            assertEquals(ErrorCode.NONE, a.commit(T0, i).get(T0));
        }
        assertTrue(h.log.rewrites() >= 1);

        h.reload();
        ClassicGroup live = h.group("live");
        assertEquals(GroupState.STABLE, live.state());
        assertArrayEquals(assignment, live.member(a.memberId).assignment());
        assertEquals(ErrorCode.NONE, a.heartbeat());
        assertEquals(29, h.fetch("live", List.of(T0)).offsets().get(T0).offset());
        assertNull(h.group("doomed"));
        assertNull(h.fetch("doomed", List.of(T0)).offsets().get(T0));
    }

    @Test
    void noRewriteWhileAnAppendIsInFlight() {
        ShardHarness h = harness();
        for (int i = 0; i < 15; i++) {
            commit(h, "g", T0, i);
        }
        h.log.hold();
        CompletableFuture<Map<TopicPartition, ErrorCode>> pending = null;
        for (int i = 0; i < 10; i++) {
            pending = h.commit("g", Committer.standalone(), (short) 9, new CommitOffset(T0, 100 + i, -1, ""));
        }
        assertEquals(0, h.log.rewrites(), "appends in flight: the live state does not reflect the log yet");
        h.log.release();
        assertEquals(ErrorCode.NONE, pending.join().get(T0));
        assertEquals(1, h.log.rewrites());
        assertEquals(109, h.reload().offsets().get("g", T0).offset());
    }

    @Test
    void aFailedRewriteLeavesTheHistoryWhichReplaysToTheSameState() {
        ShardHarness h = harness();
        for (int i = 0; i < 19; i++) {
            commit(h, "g", T0, i);
        }
        int before = h.log.records(ShardHarness.PARTITION).size();
        h.log.failRewrites(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        commit(h, "g", T0, 19);
        assertEquals(1, h.log.rewrites());
        assertEquals(before + 1, h.log.records(ShardHarness.PARTITION).size(), "history kept");
        assertEquals(19, h.reload().offsets().get("g", T0).offset());
    }
}
