package io.samsa.broker.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.common.Time;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.ExecutorScheduler;
import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.log.LogAppendInfo;
import io.samsa.broker.log.LogConfig;
import io.samsa.broker.log.PartitionLog;
import io.samsa.broker.partition.ReplicationException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group state machine over real partition logs, driven as Ratis drives it (write, flush, truncate, apply, read),
 * without Ratis: one "leader" replica and one "follower" replica must end with the same bytes.
 */
class DataGroupStateMachineTest {

    private static final UUID GROUP = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
    private static final UUID TOPIC = UUID.fromString("00000000-0000-4000-8000-0000000000bb");
    private static final PartitionKey P0 = new PartitionKey(TOPIC, 0);
    private static final PartitionKey P1 = new PartitionKey(TOPIC, 1);
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    /** A clock that stands still: nothing here expires, and appends carry the entry's time anyway. */
    private final Time time = new Time() {
        @Override
        public long milliseconds() {
            return NOW;
        }

        @Override
        public long nanoseconds() {
            return NOW * 1_000_000L;
        }
    };
    private final ExecutorScheduler scheduler = new ExecutorScheduler(1, "test-log-scheduler-");
    private final ExecutorService readers = Executors.newSingleThreadExecutor();
    private final List<PartitionLog> logs = new ArrayList<>();
    private final List<DataGroupStateMachine> machines = new ArrayList<>();
    private final AtomicLong metadataOffset = new AtomicLong(10);
    private volatile boolean p1Deleted;
    /** Where this node's metadata says P1 moved (its own group), or null. */
    private volatile DataGroupStateMachine.MovedOut p1Moved;
    private final FakeCopier copier = new FakeCopier();

    @AfterEach
    void close() throws Exception {
        machines.forEach(DataGroupStateMachine::close);
        for (PartitionLog log : logs) {
            log.close();
        }
        scheduler.close();
        readers.shutdownNow();
    }

    /** A replica: a state machine in {@code name}/sm with logs {@code name}/t-0 and t-1. */
    private final class Replica {
        final Path dir;
        final DataGroupStateMachine machine;
        final PartitionLog log0;
        final PartitionLog log1;
        final AtomicInteger wakeUps = new AtomicInteger();

        Replica(String name) throws IOException {
            dir = tmp.resolve(name);
            machine = new DataGroupStateMachine(GROUP, new TestPlacement(), readers);
            machine.useCopier(copier);
            machines.add(machine);
            Files.createDirectories(dir.resolve("sm"));
            machine.open(GROUP, dir.resolve("sm"));
            log0 = open("t-0");
            log1 = open("t-1");
            machine.register(new HostedReplica(P0, log0, bytes -> wakeUps.incrementAndGet()));
        }

        private PartitionLog open(String partition) throws IOException {
            PartitionLog log = PartitionLog.open(dir.resolve(partition), LogConfig.defaults(), time, scheduler);
            logs.add(log);
            return log;
        }

        void registerP1() {
            machine.register(new HostedReplica(P1, log1, bytes -> wakeUps.incrementAndGet()));
        }

        void write(long index, long term, Entry entry, Object context) throws Exception {
            machine.write(index, term, ByteBuffer.wrap(entry.header), ByteBuffer.wrap(entry.data), context)
                    .get(10, TimeUnit.SECONDS);
        }

        byte[] bytes(PartitionLog log) throws IOException {
            return log.read(log.logStartOffset(), Integer.MAX_VALUE, log.logEndOffset(), true).records()
                    .toByteBuffer().array();
        }
    }

    private record Entry(byte[] header, byte[] data, List<PartitionKey> partitions) {
    }

    /** The metadata of every replica here: P1 may be deleted, or moved out of the group ({@link #p1Moved}). */
    private final class TestPlacement implements DataGroupStateMachine.Placement {
        @Override
        public boolean notHostedAsOf(PartitionKey key, long offset) {
            return key.equals(P1) && p1Deleted && metadataOffset.get() >= offset;
        }

        @Override
        public boolean assignedTo(PartitionKey key, UUID groupId) {
            return movedOut(key, groupId) == null;
        }

        @Override
        public DataGroupStateMachine.MovedOut movedOut(PartitionKey key, UUID groupId) {
            return key.equals(P1) ? p1Moved : null;
        }
    }

    /**
     * Copies as {@link ReplicaCopy} does (the source's offsets and bytes, from the log end up to the target), from the
     * log {@link #sources} name for the partition, which stands for its leader's; fails {@link #failures} times first.
     */
    private static final class FakeCopier implements DataGroupStateMachine.Copier {
        final Map<PartitionKey, PartitionLog> sources = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public void copy(PartitionKey partition, PartitionLog log, int leaderId, long endOffset) throws IOException {
            calls.add(partition.partition() + " from node " + leaderId + " up to " + endOffset);
            if (failures.getAndDecrement() > 0) {
                throw new IOException("node " + leaderId + " is not reachable yet");
            }
            PartitionLog source = sources.get(partition);
            while (log.logEndOffset() < endOffset) {
                FetchDataInfo info = source.read(log.logEndOffset(), Integer.MAX_VALUE, endOffset, true);
                if (info.error() != io.samsa.broker.log.LogError.NONE || info.records().isEmpty()) {
                    throw new IOException("the source has nothing at " + log.logEndOffset());
                }
                log.appendAsFollower(Unpooled.wrappedBuffer(info.records().toByteBuffer()));
            }
        }
    }

    private Entry entry(List<PartitionKey> partitions, List<ByteBuf> batches) {
        List<ProduceEntry.Section> sections = new ArrayList<>();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            sections.add(new ProduceEntry.Section(partitions.get(i), AppendOrigin.CLIENT));
            ByteBuf batch = batches.get(i);
            byte[] bytes = new byte[batch.readableBytes()];
            batch.readBytes(bytes);
            batch.release();
            records.add(bytes);
        }
        return new Entry(new ProduceEntry(NOW, metadataOffset.get(), sections).encodeHeader(),
                ProduceEntry.frameData(records), partitions);
    }

    private static ByteBuf batch(String tag, int count) {
        RecordBatchBuilder builder = RecordBatchBuilder.of(CompressionType.NONE);
        for (int i = 0; i < count; i++) {
            builder.append(NOW, null, (tag + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static ByteBuf producerBatch(int baseSequence, int count) {
        RecordBatchBuilder builder = RecordBatchBuilder.of(CompressionType.NONE).producer(7, (short) 0, baseSequence);
        for (int i = 0; i < count; i++) {
            builder.append(NOW, null, ("seq-" + (baseSequence + i)).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static PendingAppend pending(PartitionKey key, int acks) {
        return new PendingAppend(key, new byte[0], AppendOrigin.CLIENT, (short) acks, new CompletableFuture<>());
    }

    @Test
    void aHandoverSealsThePartitionInTheGroupAndATruncatedHandoverUnsealsIt() throws Exception {
        Replica replica = new Replica("sealing");
        replica.write(1, 2, entry(List.of(P0), List.of(batch("a", 3))), null);
        Entry handover = new Entry(new HandoverEntry(P0).encodeHeader(), HandoverEntry.DATA, List.of(P0));
        replica.write(2, 2, handover, null);
        assertEquals(new OffsetJournal.Seal(2, 3), replica.machine.seal(P0), "sealed at its end offset there");

        PendingAppend late = pending(P0, -1);
        replica.write(3, 2, entry(List.of(P0), List.of(batch("late", 2))), new EntryContext(List.of(late)));
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> late.result().get(1, TimeUnit.SECONDS));
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER,
                assertInstanceOf(ReplicationException.class, refused.getCause()).error());
        assertEquals(3, replica.log0.logEndOffset(), "nothing appended after the seal");
        assertArrayEquals(HandoverEntry.DATA, bytesOf(readBack(replica, 2, handover)));

        replica.machine.truncate(2).get(10, TimeUnit.SECONDS);
        assertEquals(null, replica.machine.seal(P0), "the handover entry is gone, and the seal with it");
        replica.write(2, 3, entry(List.of(P0), List.of(batch("b", 2))), null);
        assertEquals(5, replica.log0.logEndOffset());
    }

    private static ByteBuffer readBack(Replica replica, long index, Entry entry) throws Exception {
        return replica.machine.read(index, 2, ByteBuffer.wrap(entry.header())).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theLeaderAnswersAcksOneAtItsWriteAndAcksAllAtCommitWhenTheHighWatermarkMoves() throws Exception {
        Replica leader = new Replica("leader");
        leader.registerP1();
        Entry first = entry(List.of(P0, P1), List.of(batch("a", 3), batch("b", 2)));
        PendingAppend acksAll = pending(P0, -1);
        PendingAppend acksOne = pending(P1, 1);
        EntryContext context = new EntryContext(List.of(acksAll, acksOne));

        leader.write(1, 4, first, context);
        LogAppendInfo one = acksOne.result().get(1, TimeUnit.SECONDS);
        assertEquals(0, one.firstOffset());
        assertFalse(acksAll.result().isDone(), "acks=all waits for the commit");
        assertEquals(3, leader.log0.logEndOffset());
        assertEquals(0, leader.log0.highWatermark(), "nothing committed yet");

        leader.machine.apply(1, 4, ByteBuffer.wrap(first.header()), context);
        LogAppendInfo all = acksAll.result().get(1, TimeUnit.SECONDS);
        assertEquals(0, all.firstOffset());
        assertEquals(2, all.lastOffset());
        assertEquals(3, leader.log0.highWatermark());
        assertEquals(2, leader.log1.highWatermark());
        assertEquals(2, leader.wakeUps.get(), "each partition's waiting fetches are told");
        ByteBuffer stored = ByteBuffer.wrap(leader.bytes(leader.log0));
        assertEquals(4, stored.getInt(12), "the entry's term is the batches' leader epoch");
    }

    @Test
    void aFollowerFedTheLeadersReReadDataEndsWithTheSameBytesIncludingARetriedDuplicate() throws Exception {
        Replica leader = new Replica("leader");
        leader.registerP1();
        List<Entry> entries = List.of(
                entry(List.of(P0, P1), List.of(producerBatch(0, 5), batch("x", 2))),
                entry(List.of(P0), List.of(producerBatch(0, 5))), // the producer's retry: a duplicate
                entry(List.of(P0, P0), List.of(producerBatch(5, 3), batch("y", 4))));
        for (int i = 0; i < entries.size(); i++) {
            leader.write(i + 1, 2, entries.get(i), null);
        }
        assertEquals(12, leader.log0.logEndOffset(), "the duplicate was not appended again");

        Replica follower = new Replica("follower");
        follower.registerP1();
        for (int i = 0; i < entries.size(); i++) {
            ByteBuffer data = leader.machine.read(i + 1, 2, ByteBuffer.wrap(entries.get(i).header()))
                    .get(10, TimeUnit.SECONDS);
            follower.machine.write(i + 1, 2, ByteBuffer.wrap(entries.get(i).header()), data, null)
                    .get(10, TimeUnit.SECONDS);
        }
        assertArrayEquals(leader.bytes(leader.log0), follower.bytes(follower.log0));
        assertArrayEquals(leader.bytes(leader.log1), follower.bytes(follower.log1));
        assertEquals(leader.log0.producerState().entry(7), follower.log0.producerState().entry(7),
                "the same producer state, so a later retry is a duplicate on either");
    }

    @Test
    void aReadOfAnEntryStillBeingWrittenWaitsForTheWrite() throws Exception {
        Replica replica = new Replica("r");
        Entry entry = entry(List.of(P1), List.of(batch("slow", 3)));
        CompletableFuture<?> written = replica.machine.write(1, 1, ByteBuffer.wrap(entry.header()),
                ByteBuffer.wrap(entry.data()), null); // waits: P1 is not hosted yet
        CompletableFuture<ByteBuffer> read = replica.machine.read(1, 1, ByteBuffer.wrap(entry.header()));
        assertFalse(waitBriefly(read), "the read waits for the write");
        replica.registerP1();
        written.get(10, TimeUnit.SECONDS);
        byte[] stored = replica.bytes(replica.log1);
        ByteBuffer expected = ByteBuffer.allocate(Integer.BYTES + stored.length).putInt(stored.length).put(stored);
        assertArrayEquals(expected.array(), bytesOf(read.get(10, TimeUnit.SECONDS)), "the batch as written");
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    void aTruncatedEntryIsRolledBackAndItsIndexWrittenAgain() throws Exception {
        Replica replica = new Replica("r");
        replica.write(1, 1, entry(List.of(P0), List.of(batch("a", 2))), null);
        replica.write(2, 1, entry(List.of(P0), List.of(batch("b", 3))), null);
        replica.write(3, 1, entry(List.of(P0), List.of(batch("c", 4))), null);
        replica.machine.apply(1, 1, ByteBuffer.allocate(0), null);
        assertEquals(9, replica.log0.logEndOffset());

        replica.machine.truncate(2).get(10, TimeUnit.SECONDS);
        assertEquals(2, replica.log0.logEndOffset(), "entries 2 and 3 are gone");
        assertEquals(2, replica.log0.highWatermark());

        // A new leader's entry 2, without a truncate first (Ratis may skip it after a crash): the write heals.
        replica.write(2, 2, entry(List.of(P0), List.of(batch("d", 1))), null);
        replica.write(3, 2, entry(List.of(P0), List.of(batch("e", 1))), null);
        replica.write(2, 3, entry(List.of(P0), List.of(batch("f", 5))), null);
        assertEquals(7, replica.log0.logEndOffset(), "entry 2 of term 3 follows entry 1: 2 + 5 records");
        ByteBuffer reRead = replica.machine.read(2, 3, ByteBuffer.allocate(0)).get(10, TimeUnit.SECONDS);
        assertEquals(reRead.remaining() - Integer.BYTES, reRead.getInt(0), "one section, entry 2's batch");
    }

    @Test
    void afterACrashDataBeyondTheRaftLogIsCutOffAndTheHighWatermarkRestored() throws Exception {
        Replica before = new Replica("node");
        before.write(1, 1, entry(List.of(P0), List.of(batch("a", 2))), null);
        before.write(2, 1, entry(List.of(P0), List.of(batch("b", 3))), null);
        before.write(3, 1, entry(List.of(P0), List.of(batch("c", 4))), null);
        before.machine.flush(3).get(10, TimeUnit.SECONDS);
        before.machine.apply(1, 1, ByteBuffer.allocate(0), null);
        before.machine.apply(2, 1, ByteBuffer.allocate(0), null);
        // A crash: Ratis' own log had made only entries 1 and 2 durable.
        machines.remove(before.machine);
        before.machine.close();
        logs.remove(before.log0);
        logs.remove(before.log1);
        before.log0.close();
        before.log1.close();

        DataGroupStateMachine machine = new DataGroupStateMachine(GROUP, (k, o) -> false, readers);
        machines.add(machine);
        machine.open(GROUP, before.dir.resolve("sm"));
        machine.logRecovered(2);
        // Ratis re-applies the committed entries after the newest checkpoint (none): 1 and 2.
        machine.apply(1, 1, ByteBuffer.allocate(0), null);
        machine.apply(2, 1, ByteBuffer.allocate(0), null);
        PartitionLog reopened = PartitionLog.open(before.dir.resolve("t-0"), LogConfig.defaults(), time, scheduler);
        logs.add(reopened);
        assertEquals(9, reopened.logEndOffset(), "the segments still hold entry 3's data");
        machine.register(new HostedReplica(P0, reopened, bytes -> { }));
        machine.flush(2).get(10, TimeUnit.SECONDS); // runs after the adoption on the writer thread
        assertEquals(5, reopened.logEndOffset(), "cut back to the end of entry 2");
        assertEquals(5, reopened.highWatermark());
    }

    @Test
    void aWriteWaitsForItsPartitionUnlessTheMetadataNoLongerPlacesItHere() throws Exception {
        Replica replica = new Replica("r");
        Entry entry = entry(List.of(P1, P0), List.of(batch("late", 2), batch("now", 1)));
        PendingAppend toP1 = pending(P1, -1);
        PendingAppend toP0 = pending(P0, -1);
        CompletableFuture<?> written = replica.machine.write(1, 1, ByteBuffer.wrap(entry.header()),
                ByteBuffer.wrap(entry.data()), new EntryContext(List.of(toP1, toP0)));
        assertFalse(waitBriefly(written), "P1 is not hosted yet: the write waits");
        replica.registerP1();
        written.get(10, TimeUnit.SECONDS);
        assertEquals(2, replica.log1.logEndOffset());

        Entry next = entry(List.of(new PartitionKey(TOPIC, 1)), List.of(batch("gone", 1)));
        replica.machine.dropReplicasIf(P1::equals);
        p1Deleted = true;
        PendingAppend gone = pending(P1, 1);
        replica.machine.write(2, 1, ByteBuffer.wrap(next.header()), ByteBuffer.wrap(next.data()),
                new EntryContext(List.of(gone))).get(10, TimeUnit.SECONDS);
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> gone.result().get(1, TimeUnit.SECONDS));
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER,
                assertInstanceOf(ReplicationException.class, failure.getCause()).error());
        assertEquals(2, replica.log1.logEndOffset(), "nothing appended for a partition no longer hosted");
    }

    @Test
    void aCheckpointFoldsTheJournalAndSurvivesAReopen() throws Exception {
        Replica replica = new Replica("r");
        for (int i = 1; i <= 5; i++) {
            replica.write(i, 1, entry(List.of(P0), List.of(batch("e" + i, i))), null);
            replica.machine.apply(i, 1, ByteBuffer.allocate(0), null);
        }
        replica.machine.flush(5).get(10, TimeUnit.SECONDS);
        assertEquals(3, replica.machine.checkpoint(3));
        long sizeAfter = Files.size(replica.dir.resolve("sm").resolve(OffsetJournal.FILE_NAME));

        OffsetJournal journal = OffsetJournal.open(replica.dir.resolve("sm"));
        try {
            assertEquals(3, journal.baseIndex());
            assertEquals(java.util.Map.of(P0, 6L), journal.baseEnds());
            assertEquals(15, journal.expectedEnd(P0));
            assertTrue(journal.get(2) == null && journal.get(4) != null);
        } finally {
            journal.close();
        }
        assertTrue(sizeAfter > 0);
        assertEquals(15, replica.log0.highWatermark());
    }

    @Test
    void aLeaderThatNoLongerHostsAPartitionMarksItsSectionUnavailableAndStillReadsTheOthers() throws Exception {
        Replica leader = new Replica("leader");
        leader.registerP1();
        Entry first = entry(List.of(P0, P1), List.of(batch("a", 3), batch("b", 2)));
        leader.write(1, 2, first, null);
        leader.machine.dropReplicasIf(P1::equals); // P1 moved away from the leader, which deleted its replica

        ByteBuffer data = readBack(leader, 1, first);
        List<ByteBuffer> parts = ProduceEntry.splitData(data, 2);
        assertArrayEquals(leader.bytes(leader.log0), bytesOf(parts.get(0)), "P0's batches, as appended");
        assertNull(parts.get(1), "P1's section is marked unavailable");
        assertEquals(ProduceEntry.UNAVAILABLE, data.getInt(Integer.BYTES + parts.get(0).remaining()));
        assertEquals(2 * Integer.BYTES + parts.get(0).remaining(), data.remaining(), "no bytes follow the marker");
    }

    @Test
    void aFollowerThatDoesNotHostThePartitionEitherSkipsItsUnavailableSections() throws Exception {
        Replica leader = new Replica("leader");
        leader.registerP1();
        List<Entry> entries = List.of(
                entry(List.of(P0, P1), List.of(batch("a", 3), batch("b", 2))),
                entry(List.of(P1), List.of(batch("c", 4))),
                entry(List.of(P0), List.of(batch("d", 1))));
        writeAll(leader, entries);
        leader.machine.dropReplicasIf(P1::equals);
        p1Deleted = true;

        Replica follower = new Replica("follower"); // never hosted P1
        feedAll(follower, leader, entries);
        assertArrayEquals(leader.bytes(leader.log0), follower.bytes(follower.log0));
        assertEquals(0, follower.log1.logEndOffset());
        assertNull(ProduceEntry.splitData(readBack(follower, 2, entries.get(1)), 1).get(0),
                "re-read here, the skipped section is unavailable, never an empty one");
    }

    @Test
    void aFollowerStillHostingAMovedPartitionCopiesItUpToItsStartInItsNewGroupAndAppendsNothingTwice()
            throws Exception {
        Replica leader = new Replica("leader");
        leader.registerP1();
        List<Entry> entries = movedP1(leader);
        copier.sources.put(P1, leader.log1); // the bytes P1's new leader (node 2) has
        leader.machine.dropReplicasIf(P1::equals);
        p1Moved = new DataGroupStateMachine.MovedOut(6, 2);
        copier.failures.set(1);

        Replica follower = new Replica("follower");
        follower.registerP1();
        feed(follower, leader, 1, entries.get(0)); // P1 unavailable: copied up to 6
        // From a leader that still hosts P1 (leadership moved): the batches the copy brought already.
        follower.write(2, 2, entries.get(1), null);
        feed(follower, leader, 3, entries.get(2));
        feed(follower, leader, 4, entries.get(3));

        assertEquals(List.of("1 from node 2 up to 6", "1 from node 2 up to 6"), copier.calls,
                "copied from P1's leader, retried once, and only once done");
        assertArrayEquals(leader.bytes(leader.log1), follower.bytes(follower.log1), "each record once, in order");
        assertEquals(6, follower.log1.highWatermark(), "below the seal, so committed");
        assertArrayEquals(leader.bytes(leader.log0), follower.bytes(follower.log0));
        assertEquals(new OffsetJournal.Seal(3, 6), follower.machine.seal(P1));
        assertNull(ProduceEntry.splitData(readBack(follower, 2, entries.get(1)), 1).get(0),
                "the journal records nothing appended for P1, and a re-read here marks it unavailable");

        follower.machine.flush(4).get(10, TimeUnit.SECONDS);
        DataGroupStateMachine restarted = new DataGroupStateMachine(GROUP, new TestPlacement(), readers);
        machines.add(restarted);
        machines.remove(follower.machine);
        follower.machine.close();
        restarted.open(GROUP, follower.dir.resolve("sm"));
        restarted.logRecovered(4);
        restarted.register(new HostedReplica(P0, follower.log0, bytes -> { }));
        restarted.register(new HostedReplica(P1, follower.log1, bytes -> { }));
        restarted.flush(4).get(10, TimeUnit.SECONDS); // after the adoptions on the writer thread
        assertEquals(6, follower.log1.logEndOffset(), "the adoption after a restart keeps the copy");
        assertEquals(4, follower.log0.logEndOffset());
    }

    @Test
    void aCatchUpCopiesAMovedPartitionFromItsOwnLeaderUpToItsStartAndTheOthersFromTheGroupsLeader()
            throws Exception {
        Replica leader = new Replica("leader");
        leader.registerP1();
        movedP1(leader);
        byte[] state = leader.machine.describe(4);
        copier.sources.put(P0, leader.log0);
        copier.sources.put(P1, leader.log1);
        leader.machine.dropReplicasIf(P1::equals);
        p1Moved = new DataGroupStateMachine.MovedOut(6, 2);

        Replica follower = new Replica("follower");
        follower.registerP1();
        follower.machine.catchUp(1, 4, state).get(10, TimeUnit.SECONDS);
        assertEquals(java.util.Set.of("0 from node 1 up to 4", "1 from node 2 up to 6"),
                java.util.Set.copyOf(copier.calls));
        assertArrayEquals(leader.bytes(leader.log0), follower.bytes(follower.log0));
        assertArrayEquals(leader.bytes(leader.log1), follower.bytes(follower.log1));
        assertEquals(new OffsetJournal.Seal(3, 6), follower.machine.seal(P1));
    }

    /**
     * Entries 1-4 on {@code leader}: P0 and P1, then P1 (P1 ends at 6), a handover sealing P1 at 6, then P0 (ends at
     * 4).
     */
    private List<Entry> movedP1(Replica leader) throws Exception {
        List<Entry> entries = List.of(
                entry(List.of(P0, P1), List.of(batch("a", 3), batch("b", 2))),
                entry(List.of(P1), List.of(batch("c", 4))),
                new Entry(new HandoverEntry(P1).encodeHeader(), HandoverEntry.DATA, List.of(P1)),
                entry(List.of(P0), List.of(batch("d", 1))));
        writeAll(leader, entries);
        assertEquals(new OffsetJournal.Seal(3, 6), leader.machine.seal(P1));
        return entries;
    }

    private static void writeAll(Replica replica, List<Entry> entries) throws Exception {
        for (int i = 0; i < entries.size(); i++) {
            replica.write(i + 1, 2, entries.get(i), null);
        }
    }

    private static void feedAll(Replica follower, Replica leader, List<Entry> entries) throws Exception {
        for (int i = 0; i < entries.size(); i++) {
            feed(follower, leader, i + 1, entries.get(i));
        }
    }

    /** Writes entry {@code index} on {@code follower} with the data {@code leader} reads back for it. */
    private static void feed(Replica follower, Replica leader, long index, Entry entry) throws Exception {
        ByteBuffer data = readBack(leader, index, entry);
        follower.machine.write(index, 2, ByteBuffer.wrap(entry.header()), data, null).get(10, TimeUnit.SECONDS);
    }

    private static boolean waitBriefly(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(300, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }
}
