package io.samsa.broker.partition;

import static io.samsa.broker.partition.PartitionTestSupport.BROKER;
import static io.samsa.broker.partition.PartitionTestSupport.batch;
import static io.samsa.broker.partition.PartitionTestSupport.led;
import static io.samsa.broker.partition.PartitionTestSupport.openLog;
import static io.samsa.broker.partition.PartitionTestSupport.partition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.PartitionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A waiting fetch is completed by data, by the timer or by a change of its partitions, never by polling. */
class DelayedFetchTest {
    @TempDir
    Path dir;
    final ManualTimer timer = new ManualTimer();
    PartitionLog logA;
    PartitionLog logB;
    Partition a;
    Partition b;

    @BeforeEach
    void open() throws Exception {
        logA = openLog(Files.createDirectories(dir.resolve("a")), Map.of());
        logB = openLog(Files.createDirectories(dir.resolve("b")), Map.of());
        a = partition(logA, 0);
        b = partition(logB, 0);
    }

    @AfterEach
    void close() throws Exception {
        logA.close();
        logB.close();
    }

    private DelayedFetch await(long bytesNeeded, long maxWaitMs) {
        return DelayedFetch.await(List.of(a, b), new long[] {a.highWatermark(), b.highWatermark()}, bytesNeeded,
                maxWaitMs, timer);
    }

    private static void append(Partition partition, ByteBuf records) {
        partition.appendRecordsToLeader(records, AppendOrigin.CLIENT, (short) 1).join();
    }

    @Test
    void appendsToAnyPartitionCompleteItOnceTheyAddUpToTheBytesNeeded() {
        ByteBuf small = batch(1, 10);
        int smallSize = small.readableBytes();
        DelayedFetch fetch = await(smallSize + 1, 30_000);
        assertEquals(1, a.delayedFetchCount());
        append(a, small);
        assertFalse(fetch.future().isDone(), "one small batch is not enough");
        append(b, batch(1, 10));
        assertTrue(fetch.future().isDone(), "the second append, to the other partition, is");
        assertEquals(0, a.delayedFetchCount() + b.delayedFetchCount(), "no longer watched");
        assertEquals(0, timer.pending(), "the timer was cancelled");
    }

    @Test
    void theTimerCompletesItWhenNoDataComes() {
        DelayedFetch fetch = await(1, 500);
        timer.advance(499);
        assertFalse(fetch.future().isDone());
        timer.advance(1);
        assertTrue(fetch.future().isDone());
        assertEquals(0, a.delayedFetchCount() + b.delayedFetchCount());
    }

    @Test
    void anAppendBetweenTheReadAndTheRegistrationIsNotMissed() {
        long[] before = {a.highWatermark(), b.highWatermark()};
        append(b, batch(1, 1)); // lands after the fetch read, before it waits
        DelayedFetch fetch = DelayedFetch.await(List.of(a, b), before, 1_000_000, 30_000, timer);
        assertTrue(fetch.future().isDone());
        assertEquals(0, a.delayedFetchCount() + b.delayedFetchCount());
    }

    @Test
    void aLeaderChangeOrADeletionCompletesItAtOnce() {
        DelayedFetch first = await(1_000_000, 30_000);
        a.update(led(BROKER + 1, 1));
        assertTrue(first.future().isDone(), "a new leader: the client must hear about it");
        DelayedFetch second = await(1_000_000, 30_000);
        b.markDeleted();
        assertTrue(second.future().isDone());
    }

    @Test
    void aDuplicateOrFailedAppendWakesNobody() {
        DelayedFetch fetch = await(1, 30_000);
        a.update(led(BROKER, 0)); // same leader, same epoch: nothing to tell
        assertFalse(fetch.future().isDone());
        timer.advance(30_000);
        assertTrue(fetch.future().isDone());
    }
}
