package io.samsa.broker.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.samsa.broker.log.LogAppendInfo;
import io.samsa.broker.log.LogError;
import io.samsa.broker.log.PartitionLog;
import io.samsa.raft.ReplicatedDataStateMachine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one partition-set group on this node: it appends each Raft entry's record batches to the
 * partition segments, in log order, on every replica, and so gives them the same offsets everywhere (the leader's
 * clock and the entry's term go into every replica's append); it rolls the segments back when Raft truncates, advances
 * high watermarks at commit, and reads an entry's batches back for a follower that needs them again.
 * {@link OffsetJournal} links Raft indexes to offsets.
 *
 * <p><b>Threads.</b> One writer thread per group ({@code samsa-data-<group>}) is the single writer of every
 * replicated partition in the group: write, truncate, flush and the adoption of a newly hosted replica run there, in
 * the order Ratis asked. Commits ({@link #apply}) run on Ratis' apply thread and only move high watermarks; reads run
 * on the shared reader executor.
 *
 * <p><b>Moves.</b> A {@link HandoverEntry} seals a partition in this group (nothing is appended to it here after it); a
 * partition moved into this group is appended to from its start offset on, once its previous group delivered
 * everything before it. A member that still hosts a moved partition but cannot get its bytes from this group (the
 * leader no longer hosts it and marks them unavailable) copies it up to that start from its leader instead
 * ({@link MovedReplicaCopy}). <b>Catch-up.</b> A member behind the leader's whole log copies the state a checkpoint
 * describes ({@link #describe}, {@link #catchUp}) with a {@link Copier}, while the writer thread is parked.
 *
 * <p>A replica becomes known through {@link #register} when the partition layer hosts it. A write for a partition not
 * hosted yet waits (Ratis holds the group's log until the write completes) until it is, or until this node's metadata
 * is as new as the leader's was and does not place the partition here (a deleted topic): that section is skipped.
 */
final class DataGroupStateMachine implements ReplicatedDataStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(DataGroupStateMachine.class);
    private static final long INSTALL_WAIT_MS = 120_000;

    /** What this node's metadata says of a partition, as far as this group's writes need it. */
    @FunctionalInterface
    interface Placement {
        /** True once this node's metadata offset has reached {@code metadataOffset} and does not host the partition. */
        boolean notHostedAsOf(PartitionKey partition, long metadataOffset);

        /** True when the metadata puts the partition in group {@code groupId} now. */
        default boolean assignedTo(PartitionKey partition, UUID groupId) {
            return true;
        }

        /** What group {@code groupId} adds to its term for the partition's leader epoch (0 unless it was moved in). */
        default int epochBase(PartitionKey partition, UUID groupId) {
            return 0;
        }

        /** Where group {@code groupId}'s appends to the partition begin (moved in there), or -1. */
        default long startOffset(PartitionKey partition, UUID groupId) {
            return -1;
        }

        /** Where the partition went when the metadata puts it in a group other than {@code groupId}, else null. */
        default MovedOut movedOut(PartitionKey partition, UUID groupId) {
            return null;
        }
    }

    /**
     * A partition's group after a move: its start offset there (its end where it was sealed) and its leader there
     * ({@code -1} while none is known).
     */
    record MovedOut(long startOffset, int leaderId) {
    }

    /**
     * Copies a partition from a node that leads it: the group's leader, for a catch-up beyond the Raft log, or its
     * leader in the group it moved to, for what this group cannot deliver ({@link MovedReplicaCopy}).
     */
    @FunctionalInterface
    interface Copier {
        /** Makes {@code log} hold exactly the leader's records up to {@code endOffset}, keeping what it already has. */
        void copy(PartitionKey partition, PartitionLog log, int leaderId, long endOffset) throws IOException;
    }

    private final UUID groupId;
    private final Placement placement;
    private final Executor readers;
    private final ExecutorService writer;
    private final Map<PartitionKey, HostedReplica> replicas = new ConcurrentHashMap<>();
    private final Map<PartitionKey, Long> committed = new ConcurrentHashMap<>();
    /** Writer thread only. */
    private final Set<PartitionKey> adopted = new HashSet<>();
    /** Writer thread only. */
    private final Set<HostedReplica> dirty = new HashSet<>();
    private final Object registrations = new Object();
    /** Writes asked for and not finished yet, by index. */
    private final Map<Long, CompletableFuture<Void>> writing = new ConcurrentHashMap<>();
    /** Partitions sealed in this group by a handover entry (written on the writer thread; read anywhere). */
    private final Map<PartitionKey, OffsetJournal.Seal> sealed = new ConcurrentHashMap<>();
    private final MovedReplicaCopy movedCopy;
    private volatile Copier copier = (partition, log, leader, end) -> {
        throw new IOException("no copier to catch " + partition + " up from leader " + leader);
    };
    private volatile OffsetJournal journal;
    /** The catch-up Ratis announced and has not started yet. */
    private volatile Install install;
    private volatile boolean closed;

    DataGroupStateMachine(UUID groupId, Placement placement, Executor readers) {
        this.groupId = groupId;
        this.placement = placement;
        this.readers = readers;
        String name = "samsa-data-" + groupId.toString().substring(0, 8);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.movedCopy = new MovedReplicaCopy(groupId, placement, () -> copier, this::waiting);
    }

    UUID groupId() {
        return groupId;
    }

    void useCopier(Copier copier) {
        this.copier = copier;
    }

    /** Where a handover entry sealed {@code partition} in this group, or null. */
    OffsetJournal.Seal seal(PartitionKey partition) {
        return sealed.get(partition);
    }

    // ---- replicas -------------------------------------------------------------------------------------------

    /** The partition layer hosts {@code replica} here (from the metadata thread); its high watermark is restored. */
    void register(HostedReplica replica) {
        replicas.put(replica.partition(), replica);
        Long end = committed.get(replica.partition());
        if (end != null && end > replica.log().highWatermark() && placement.assignedTo(replica.partition(), groupId)) {
            replica.log().updateHighWatermark(end);
        }
        synchronized (registrations) {
            registrations.notifyAll();
        }
        if (journal != null) {
            execute(() -> adopt(replica));
        }
    }

    /** Forgets the replicas no longer hosted here (a deleted topic, a moved partition). */
    void dropReplicasIf(java.util.function.Predicate<PartitionKey> gone) {
        for (PartitionKey key : List.copyOf(replicas.keySet())) {
            if (gone.test(key)) {
                replicas.remove(key);
                execute(() -> adopted.remove(key));
            }
        }
    }

    private void execute(Runnable task) {
        try {
            writer.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed.
        }
    }

    /**
     * On the writer thread: a replica first seen since start gets its segments cut back to what the journal
     * vouches for (data written for entries Raft never kept, before a crash) and its high watermark restored.
     */
    private void adopt(HostedReplica replica) {
        PartitionKey key = replica.partition();
        if (adopted.contains(key) || replicas.get(key) != replica) {
            return;
        }
        if (sealed.containsKey(key) || !placement.assignedTo(key, groupId)) {
            // Another group appends to it now: what this group's journal says of its end is history.
            return;
        }
        truncateToJournal(replica);
        Long end = committed.get(key);
        if (end != null && end > replica.log().highWatermark()) {
            replica.log().updateHighWatermark(end);
        }
        adopted.add(key);
    }

    private void truncateToJournal(HostedReplica replica) {
        long expected = journal.expectedEnd(replica.partition());
        PartitionLog log = replica.log();
        if (expected < 0 || log.logEndOffset() == expected) {
            return;
        }
        if (log.logEndOffset() < expected) {
            LOG.error("Data group {}: {} ends at {} but the group's entries put its end at {}", groupId,
                    replica.partition(), log.logEndOffset(), expected);
            return;
        }
        try {
            LOG.info("Data group {}: truncating {} from {} to {} (entries Raft did not keep)", groupId,
                    replica.partition(), log.logEndOffset(), expected);
            log.truncateTo(expected);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- Ratis callbacks ------------------------------------------------------------------------------------

    @Override
    public void open(UUID groupId, Path stateDir) throws IOException {
        journal = OffsetJournal.open(stateDir);
        committed.putAll(journal.baseEnds());
        sealed.putAll(journal.sealsAsOf(Long.MAX_VALUE));
        for (HostedReplica replica : replicas.values()) {
            execute(() -> adopt(replica));
        }
    }

    @Override
    public void logRecovered(long lastIndex) {
        execute(() -> truncateFrom(lastIndex + 1));
    }

    @Override
    public CompletableFuture<?> write(long index, long term, ByteBuffer header, ByteBuffer data, Object context) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writing.put(index, done);
        done.whenComplete((ok, error) -> writing.remove(index, done));
        execute(() -> {
            try {
                doWrite(index, term, header, data, context instanceof EntryContext c ? c : null);
                done.complete(null);
            } catch (Throwable t) {
                LOG.error("Data group {}: could not write entry {}", groupId, index, t);
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    private void doWrite(long index, long term, ByteBuffer header, ByteBuffer data, EntryContext context)
            throws IOException, InterruptedException {
        if (journal.lastIndex() >= index) {
            truncateFrom(index);
        }
        if (HandoverEntry.isHandover(header)) {
            seal(index, term, HandoverEntry.decodeHeader(header).partition());
            return;
        }
        if (HandoverEntry.isNoop(header)) {
            journal.append(index, term, List.of());
            return;
        }
        ProduceEntry entry = ProduceEntry.decodeHeader(header);
        List<ByteBuffer> parts = ProduceEntry.splitData(data, entry.sections().size());
        List<OffsetJournal.Section> written = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            ProduceEntry.Section section = entry.sections().get(i);
            ByteBuffer part = parts.get(i); // null: the leader has no bytes for it
            HostedReplica replica = sealed.containsKey(section.partition()) ? null
                    : awaitReplica(section.partition(), entry.metadataOffset());
            if (replica != null && movedOn(replica, part, entry.metadataOffset())) {
                replica = null;
            }
            if (replica == null) {
                written.add(part == null || part.hasRemaining() ? OffsetJournal.Section.skipped(section.partition())
                        : OffsetJournal.Section.notAppended(section.partition()));
                if (context != null) {
                    context.notHosted(i);
                }
                continue;
            }
            adopt(replica);
            PartitionLog log = replica.log();
            awaitStart(section.partition(), log);
            long before = log.logEndOffset();
            int epoch = placement.epochBase(section.partition(), groupId) + (int) term;
            LogAppendInfo info = append(log, part, epoch, section, entry.appendTimeMs());
            long after = log.logEndOffset();
            written.add(new OffsetJournal.Section(section.partition(), before, after,
                    after > before ? part.remaining() : 0));
            dirty.add(replica);
            if (context != null) {
                context.written(i, info);
            }
        }
        journal.append(index, term, written);
    }

    /**
     * True when a section for a hosted partition is not to be appended here because the partition moved to another
     * group and this replica holds (or, when the leader had no bytes for it, has now copied) everything before its
     * start there, which is all this group ever carried for it: appending would duplicate records.
     */
    private boolean movedOn(HostedReplica replica, ByteBuffer part, long metadataOffset)
            throws IOException, InterruptedException {
        if (part != null) {
            return movedCopy.covers(replica);
        }
        // Only a leader that lost the partition after its move marks it, so the entries this replica has before this
        // one precede a committed handover in the leader's log: what the journal says of the partition is committed.
        movedCopy.copyToStart(replica, journal.expectedEnd(replica.partition()), metadataOffset);
        return true;
    }

    /** A handover: from this entry on, this group appends nothing to the partition; its end here is final. */
    private void seal(long index, long term, PartitionKey partition) throws IOException {
        long end = journal.expectedEnd(partition);
        HostedReplica replica = replicas.get(partition);
        if (end < 0 && replica != null) {
            end = replica.log().logEndOffset();
        }
        sealed.put(partition, new OffsetJournal.Seal(index, end));
        journal.append(index, term, List.of(new OffsetJournal.Section(partition, OffsetJournal.SEALED, end, 0)));
        LOG.info("Data group {}: {} sealed at entry {}, offset {}", groupId, partition, index, end);
    }

    /**
     * A partition moved into this group is appended to only once its previous group has delivered everything before
     * the handover here (a member that lags in the old group catches up there first).
     */
    private void awaitStart(PartitionKey partition, PartitionLog log) throws InterruptedException {
        long start = placement.startOffset(partition, groupId);
        GroupWait wait = waiting();
        while (log.logEndOffset() < start) {
            wait.pause(() -> partition + " to reach offset " + start + " in its previous group (at "
                    + log.logEndOffset() + ")");
        }
    }

    private LogAppendInfo append(PartitionLog log, ByteBuffer part, int leaderEpoch, ProduceEntry.Section section,
                                 long appendTimeMs) {
        if (!part.hasRemaining()) {
            // A section re-read for this follower where the leader had appended nothing (a retried duplicate).
            return new LogAppendInfo(LogError.NONE, null, -1L, -1L, -1L, log.logStartOffset(), 0, true);
        }
        // The log rewrites offsets in place: give it a private copy, never the bytes Ratis may still be sending.
        ByteBuf records = PooledByteBufAllocator.DEFAULT.directBuffer(part.remaining());
        try {
            records.writeBytes(part.duplicate());
            return log.append(records, leaderEpoch, section.origin(), appendTimeMs);
        } catch (RuntimeException e) {
            LOG.error("Data group {}: append to {} failed", groupId, section.partition(), e);
            return new LogAppendInfo(LogError.KAFKA_STORAGE_ERROR, e.toString(), -1L, -1L, -1L, -1L, 0, false);
        } finally {
            records.release();
        }
    }

    private HostedReplica awaitReplica(PartitionKey key, long metadataOffset) throws InterruptedException {
        GroupWait wait = waiting();
        while (true) {
            HostedReplica replica = replicas.get(key);
            if (replica != null) {
                return replica;
            }
            if (placement.notHostedAsOf(key, metadataOffset)) {
                return null;
            }
            wait.pause(() -> "partition " + key + " to be hosted here");
        }
    }

    /** A new wait for something a registration, the metadata or another group brings about. */
    private GroupWait waiting() {
        return new GroupWait(groupId, registrations, () -> closed);
    }

    @Override
    public CompletableFuture<Void> flush(long index) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                for (HostedReplica replica : dirty) {
                    replica.log().syncRecords();
                }
                dirty.clear();
                journal.force();
                done.complete(null);
            } catch (Throwable t) {
                LOG.error("Data group {}: flush to {} failed", groupId, index, t);
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    @Override
    public CompletableFuture<Void> truncate(long fromIndex) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                truncateFrom(fromIndex);
                done.complete(null);
            } catch (Throwable t) {
                LOG.error("Data group {}: truncation from {} failed", groupId, fromIndex, t);
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    /** On the writer thread: forget entries {@code fromIndex} and later, and cut their partitions back. */
    private void truncateFrom(long fromIndex) {
        sealed.values().removeIf(seal -> seal.index() >= fromIndex);
        try {
            for (PartitionKey key : journal.truncateFrom(fromIndex)) {
                HostedReplica replica = replicas.get(key);
                if (replica != null && adopted.contains(key)) {
                    truncateToJournal(replica);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void apply(long index, long term, ByteBuffer header, Object context) {
        OffsetJournal.Entry entry = journal.get(index);
        if (entry != null) {
            for (OffsetJournal.Section s : entry.sections()) {
                if (!s.appended()) {
                    continue;
                }
                long end = committed.merge(s.partition(), s.after(), Math::max);
                HostedReplica replica = replicas.get(s.partition());
                // Never backwards: the partition may have moved on to another group that committed more.
                if (replica != null && end > replica.log().highWatermark()) {
                    replica.log().updateHighWatermark(end);
                    if (s.bytes() > 0) {
                        replica.listener().highWatermarkAdvanced(s.bytes());
                    }
                }
            }
        }
        if (context instanceof EntryContext c) {
            c.committed();
        }
    }

    /**
     * Ratis may ask before this node's own write of the entry has finished: its leader puts a new entry in its cache
     * (where an appender can find it) before it registers the request that still holds the data. Such a read waits
     * for the write.
     */
    @Override
    public CompletableFuture<ByteBuffer> read(long index, long term, ByteBuffer header) {
        CompletableFuture<Void> pending = writing.get(index);
        CompletableFuture<Void> written = pending == null ? CompletableFuture.completedFuture(null)
                : pending.exceptionally(error -> null);
        return written.thenApplyAsync(ignored -> readEntry(index, header), readers);
    }

    private ByteBuffer readEntry(long index, ByteBuffer header) {
        if (HandoverEntry.isHandover(header) || HandoverEntry.isNoop(header)) {
            return ByteBuffer.wrap(HandoverEntry.DATA);
        }
        OffsetJournal.Entry entry = journal.get(index);
        if (entry == null) {
            throw new IllegalStateException("data group " + groupId + " has no record of entry " + index);
        }
        return EntryReadBack.read(entry, replicas::get);
    }

    // ---- catch-up beyond the Raft log ----------------------------------------------------------------------

    /**
     * On the leader: every partition's end after entry {@code appliedIndex} and the seals up to it. A partition this
     * group never appended to by then is described at its start here (a partition moved in: where the previous group
     * left it) or not at all.
     */
    @Override
    public byte[] describe(long appliedIndex) {
        Map<PartitionKey, Long> ends = journal.endsAsOf(appliedIndex);
        if (ends == null) {
            return null;
        }
        Map<PartitionKey, Long> all = new java.util.HashMap<>(ends);
        for (PartitionKey key : replicas.keySet()) {
            long start = placement.startOffset(key, groupId);
            if (!all.containsKey(key) && start >= 0) {
                all.put(key, start);
            }
        }
        return new GroupState(all, journal.sealsAsOf(appliedIndex)).encode();
    }

    /**
     * Parks the writer thread once it has done what was asked before (the entries this member already had), so that
     * entries after the checkpoint Ratis is installing wait for the copy, and the copy has the partitions to itself.
     */
    @Override
    public void prepareCatchUp() {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        Install install = new Install(drained, gate);
        this.install = install;
        execute(() -> {
            drained.complete(null);
            try {
                gate.get(INSTALL_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("Data group {}: the install of the leader's checkpoint did not end in {} ms; writing on",
                        groupId, INSTALL_WAIT_MS);
            }
        });
    }

    /**
     * On a member behind the leader's whole log, on the caller's thread (Ratis' apply thread, which waits anyway) while
     * the writer thread is parked: copies each partition the group appends to here up to the leader's end, then makes
     * the journal start at {@code index} with the leader's ends and seals, and lets the writer go on.
     */
    @Override
    public CompletableFuture<Void> catchUp(int leaderId, long index, byte[] leaderState) {
        Install current = install;
        install = null;
        if (current == null && leaderState == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (current == null) {
            prepareCatchUp(); // not announced (a direct call): park the writer all the same
            current = install;
            install = null;
        }
        try {
            if (leaderState == null) {
                return CompletableFuture.completedFuture(null);
            }
            current.drained().get(INSTALL_WAIT_MS, TimeUnit.MILLISECONDS);
            copyFrom(leaderId, index, GroupState.decode(leaderState));
            return CompletableFuture.completedFuture(null);
        } catch (Throwable t) {
            LOG.warn("Data group {}: catching up from leader {} failed", groupId, leaderId, t);
            return CompletableFuture.failedFuture(t);
        } finally {
            current.gate().complete(null);
        }
    }

    private void copyFrom(int leaderId, long index, GroupState state) throws IOException, InterruptedException {
        Set<PartitionKey> described = new HashSet<>(state.ends().keySet());
        described.addAll(state.seals().keySet());
        for (PartitionKey key : described) {
            HostedReplica replica = awaitReplica(key, 1);
            if (replica == null) {
                continue;
            }
            long mine = committed.getOrDefault(key, -1L);
            if (state.seals().containsKey(key) || !placement.assignedTo(key, groupId)) {
                // Moved on: this group's leader may no longer host it, and what this group may still deliver for it
                // lies below its start in its new group, which its new leader has.
                movedCopy.copyToStart(replica, mine, 1);
                continue;
            }
            long end = state.ends().get(key);
            if (mine >= 0 && replica.log().logEndOffset() > mine) {
                // Written here but never committed: the leader may hold other records there.
                replica.log().truncateTo(mine);
            }
            copier.copy(key, replica.log(), leaderId, end);
            adopted.add(key);
            replica.log().updateHighWatermark(end);
        }
        journal.reset(index, state.ends(), state.seals());
        committed.putAll(state.ends());
        sealed.clear();
        sealed.putAll(state.seals());
        LOG.info("Data group {}: copied the state of entry {} from leader {}: {}", groupId, index, leaderId,
                state.ends());
    }

    /** A catch-up announced by {@link #prepareCatchUp}: the writer has drained, and waits at the gate. */
    private record Install(CompletableFuture<Void> drained, CompletableFuture<Void> gate) {
    }

    @Override
    public long checkpoint(long upToIndex) throws IOException {
        journal.compact(upToIndex);
        return upToIndex;
    }

    @Override
    public void close() {
        closed = true;
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (journal != null) {
                journal.close();
            }
        } catch (IOException e) {
            LOG.warn("Data group {}: closing the journal failed", groupId, e);
        }
    }
}
