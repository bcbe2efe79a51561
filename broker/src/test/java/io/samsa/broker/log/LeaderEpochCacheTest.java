package io.samsa.broker.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Kafka's {@code LeaderEpochFileCache.endOffsetFor} cases, and a cache fed by both the metadata and the batches. */
class LeaderEpochCacheTest {

    private static LeaderEpochCache seeded(int epoch, long start) {
        LeaderEpochCache cache = new LeaderEpochCache();
        cache.assign(epoch, start);
        return cache;
    }

    @Test
    void theCurrentEpochEndsAtTheLogEnd() {
        assertEquals(new EpochEndOffset(0, 42), seeded(0, 0).endOffsetFor(0, 42));
    }

    @Test
    void anUnknownNewerOrNegativeEpochIsUndefinedAndAnEmptyCacheKnowsNone() {
        LeaderEpochCache cache = seeded(3, 10);
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(4, 42));
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(-1, 42));
        assertEquals(EpochEndOffset.UNDEFINED, new LeaderEpochCache().endOffsetFor(0, 42));
    }

    @Test
    void anOlderEpochEndsWhereTheNextKnownOneStarts() {
        LeaderEpochCache cache = seeded(1, 10);
        cache.assign(3, 25);
        cache.assign(2, 99); // older than the latest: ignored
        assertEquals(new EpochEndOffset(1, 25), cache.endOffsetFor(1, 40), "known epoch");
        assertEquals(new EpochEndOffset(1, 25), cache.endOffsetFor(2, 40), "unknown epoch between: the floor's");
        assertEquals(new EpochEndOffset(0, 10), cache.endOffsetFor(0, 40), "below all known: itself, to the first start");
        assertEquals(new EpochEndOffset(3, 40), cache.endOffsetFor(3, 40));
        assertEquals(3, cache.latestEpoch());
    }

    @Test
    void aReplicaFilledAfterItOpenedLearnsTheOlderEpochsFromTheBatches() {
        // Opened empty at epoch 1, then the copy from the leader brings epoch 0's data and epoch 1's.
        LeaderEpochCache cache = seeded(1, 0);
        cache.appended(0, 0, 499);
        cache.appended(0, 500, 999);
        cache.appended(1, 1000, 1499);
        assertEquals(new EpochEndOffset(0, 1000), cache.endOffsetFor(0, 1500),
                "epoch 0 ends where its data ends, not at 0 (a consumer past 0 would see a false truncation)");
        assertEquals(new EpochEndOffset(1, 1500), cache.endOffsetFor(1, 1500));
    }

    @Test
    void aNewerEpochLearntBeforeTheOlderBatchesWereAppliedStartsAfterThem() {
        LeaderEpochCache cache = new LeaderEpochCache();
        cache.appended(0, 0, 99);
        cache.assign(2, 100); // the metadata's new epoch, while epoch 0's entries are still being applied
        cache.appended(0, 100, 199);
        assertEquals(new EpochEndOffset(0, 200), cache.endOffsetFor(0, 200));
        assertEquals(2, cache.latestEpoch());
        cache.appended(2, 200, 249);
        assertEquals(new EpochEndOffset(0, 200), cache.endOffsetFor(0, 250));
        assertEquals(new EpochEndOffset(0, 200), cache.endOffsetFor(1, 250), "never seen: its floor's end");
        assertEquals(new EpochEndOffset(2, 250), cache.endOffsetFor(2, 250));
    }

    @Test
    void batchesWithoutAnEpochAndTheCurrentEpochsBatchesChangeNothing() {
        LeaderEpochCache cache = seeded(2, 10);
        cache.appended(-1, 10, 19);
        cache.appended(2, 20, 29);
        assertEquals(new EpochEndOffset(1, 10), cache.endOffsetFor(1, 30));
        assertEquals(new EpochEndOffset(2, 30), cache.endOffsetFor(2, 30));
    }

    @Test
    void truncationForgetsTheEpochsThatBeganAtOrAfterTheNewEnd() {
        LeaderEpochCache cache = new LeaderEpochCache();
        cache.appended(0, 0, 9);
        cache.appended(1, 10, 19);
        cache.appended(2, 20, 29);
        cache.truncateFromEnd(15);
        assertEquals(1, cache.latestEpoch());
        assertEquals(new EpochEndOffset(0, 10), cache.endOffsetFor(0, 15));
        cache.clear();
        assertEquals(-1, cache.latestEpoch());
    }
}
