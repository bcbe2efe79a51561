package io.samsa.broker.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Kafka's {@code LeaderEpochFileCache.endOffsetFor} cases. */
class LeaderEpochCacheTest {

    @Test
    void theCurrentEpochEndsAtTheLogEnd() {
        LeaderEpochCache cache = new LeaderEpochCache(0, 0);
        assertEquals(new EpochEndOffset(0, 42), cache.endOffsetFor(0, 42));
    }

    @Test
    void anUnknownNewerOrNegativeEpochIsUndefined() {
        LeaderEpochCache cache = new LeaderEpochCache(3, 10);
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(4, 42));
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(-1, 42));
    }

    @Test
    void anOlderEpochEndsWhereTheNextKnownOneStarts() {
        LeaderEpochCache cache = new LeaderEpochCache(1, 10);
        cache.assign(3, 25);
        cache.assign(2, 99); // older than the latest: ignored
        assertEquals(new EpochEndOffset(1, 25), cache.endOffsetFor(1, 40), "known epoch");
        assertEquals(new EpochEndOffset(1, 25), cache.endOffsetFor(2, 40), "unknown epoch between: the floor's");
        assertEquals(new EpochEndOffset(0, 10), cache.endOffsetFor(0, 40), "below all known: itself, to the first start");
        assertEquals(new EpochEndOffset(3, 40), cache.endOffsetFor(3, 40));
        assertEquals(3, cache.latestEpoch());
    }
}
