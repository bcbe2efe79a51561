package io.samsa.raft;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated log of a one-voter node without Raft: an fsync'd append-only journal plus snapshots in one
 * directory, driving the same {@link ReplicatedStateMachine} a Ratis group would. It exists because a one-peer Ratis
 * server needs 0.55–0.7 s from JVM start to its first committed write on a 2-core machine (measured), while a
 * single-node broker must be ready in under 0.5 s; opening a journal takes milliseconds.
 *
 * <p>Files: {@code journal-<first index>.log} segments of CRC-framed entries ({@link JournalSegment}) and
 * {@code snapshot-<index>.snap} files ({@link JournalSnapshot}), plus {@code journal.lock}. Opening restores the newest
 * valid snapshot, replays the journal after it, and truncates a torn tail of the last segment. Every
 * {@code snapshotThreshold} entries a snapshot is written, a new segment started and older files deleted.
 *
 * <p>Threading: one writer thread ({@code samsa-journal-<node>}) appends, fsyncs a batch of queued entries at once
 * (group commit), applies them in order and completes their futures; so submit callbacks run on that thread and must
 * not block. The term is always 1: a lone voter never changes leader.
 */
public final class LocalJournal implements ReplicatedLog {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJournal.class);
    private static final long TERM = 1;
    private static final int MAX_BATCH = 1024;

    /** An entry or a task waiting for the writer thread. */
    private record Pending(byte[] entry, CompletableFuture<Commit> future, Runnable task) {
    }

    private static final Pending STOP = new Pending(null, null, null);

    private final int nodeId;
    private final Path dir;
    private final ReplicatedStateMachine stateMachine;
    private final long snapshotThreshold;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<LeaderListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread writer;

    private JournalSegment segment;
    private long nextIndex;
    private long snapshotIndex;
    private volatile long appliedIndex;
    private volatile boolean closed;
    private volatile IOException failure;

    private LocalJournal(int nodeId, Path dir, ReplicatedStateMachine stateMachine, long snapshotThreshold,
                         FileChannel lockChannel, FileLock lock) {
        this.nodeId = nodeId;
        this.dir = dir;
        this.stateMachine = stateMachine;
        this.snapshotThreshold = snapshotThreshold;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writer = new Thread(this::runWriter, "samsa-journal-" + nodeId);
        this.writer.setDaemon(true);
    }

    /**
     * Opens (or creates) the journal in {@code dir}, restores {@code stateMachine} from it and starts the writer.
     * When this returns, the state machine reflects every durable entry and submits are accepted.
     */
    public static LocalJournal open(int nodeId, Path dir, ReplicatedStateMachine stateMachine, long snapshotThreshold)
            throws IOException {
        if (snapshotThreshold < 1) {
            throw new IllegalArgumentException("snapshotThreshold must be positive");
        }
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("metadata journal " + dir + " is in use by another process");
        }
        LocalJournal journal = new LocalJournal(nodeId, dir, stateMachine, snapshotThreshold, lockChannel, lock);
        try {
            journal.recover();
        } catch (IOException | RuntimeException e) {
            journal.releaseLock();
            throw e;
        }
        journal.writer.start();
        return journal;
    }

    private void recover() throws IOException {
        JournalRecovery.Recovered recovered = JournalRecovery.recover(dir, stateMachine);
        snapshotIndex = recovered.snapshotIndex();
        nextIndex = recovered.nextIndex();
        appliedIndex = nextIndex - 1;
        segment = recovered.segment();
    }

    @Override
    public CompletableFuture<Commit> submit(byte[] entry) {
        CompletableFuture<Commit> future = new CompletableFuture<>();
        if (entry.length > JournalSegment.MAX_ENTRY_BYTES) {
            future.completeExceptionally(new IllegalArgumentException("entry of " + entry.length + " bytes is too large"));
        } else if (!enqueue(new Pending(entry, future, null))) {
            future.completeExceptionally(unavailable());
        }
        return future;
    }

    /** Writes a snapshot now (on the writer thread); completes with the snapshot's index. */
    public CompletableFuture<Long> takeSnapshot() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                done.complete(snapshotNow());
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        };
        if (!enqueue(new Pending(null, null, task))) {
            done.completeExceptionally(unavailable());
        }
        return done;
    }

    private boolean enqueue(Pending pending) {
        if (closed || failure != null) {
            return false;
        }
        queue.add(pending);
        if (closed) {
            // close() may already have drained the queue; fail rather than strand the entry.
            if (queue.remove(pending)) {
                return false;
            }
        }
        return true;
    }

    private RaftUnavailableException unavailable() {
        IOException cause = failure;
        return cause != null ? new RaftUnavailableException("metadata journal " + dir + " failed", cause)
                : new RaftUnavailableException("metadata journal " + dir + " is closed");
    }

    private void runWriter() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = process(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            batch.addAll(queue);
            queue.clear();
            batch.forEach(this::fail);
            try {
                segment.close();
            } catch (IOException e) {
                LOG.warn("Could not close {}", segment.path(), e);
            }
            releaseLock();
        }
    }

    /** Appends, syncs and applies the entries of one batch, then runs its tasks; true when told to stop. */
    private boolean process(List<Pending> batch) {
        List<Pending> entries = new ArrayList<>();
        List<JournalSegment.Entry> records = new ArrayList<>();
        for (Pending p : batch) {
            if (p.entry() != null) {
                entries.add(p);
                records.add(new JournalSegment.Entry(nextIndex + records.size(), TERM, p.entry()));
            }
        }
        if (!records.isEmpty() && !appendAndApply(entries, records)) {
            batch.forEach(this::fail);
            return true;
        }
        for (Pending p : batch) {
            if (p == STOP) {
                return true;
            }
            if (p.task() != null) {
                p.task().run();
            }
        }
        return false;
    }

    private boolean appendAndApply(List<Pending> entries, List<JournalSegment.Entry> records) {
        try {
            segment.append(records);
            segment.sync();
        } catch (IOException e) {
            // The segment's tail is now unknown; stop rather than append after possibly torn bytes.
            LOG.error("Metadata journal {} failed to write; no further entries are accepted", dir, e);
            failure = e;
            return false;
        }
        nextIndex += records.size();
        for (int i = 0; i < records.size(); i++) {
            JournalSegment.Entry record = records.get(i);
            CompletableFuture<Commit> future = entries.get(i).future();
            byte[] result;
            try {
                result = stateMachine.apply(record.index(), record.term(), record.payload());
            } catch (RuntimeException e) {
                LOG.error("State machine failed to apply entry {}", record.index(), e);
                appliedIndex = record.index();
                future.completeExceptionally(e);
                continue;
            }
            appliedIndex = record.index();
            future.complete(new Commit(record.index(), result));
        }
        if (appliedIndex - snapshotIndex >= snapshotThreshold) {
            try {
                snapshotNow();
            } catch (IOException e) {
                LOG.warn("Metadata journal {} could not write a snapshot; will retry", dir, e);
            }
        }
        return true;
    }

    /** Writes a snapshot at the applied index, starts a new segment and deletes the files it replaces. */
    private long snapshotNow() throws IOException {
        long index = appliedIndex;
        if (index == snapshotIndex) {
            return index;
        }
        Path written = JournalSnapshot.write(dir, index, TERM, stateMachine.snapshot());
        snapshotIndex = index;
        segment.close();
        segment = JournalSegment.create(JournalFiles.journal(dir, index + 1), index + 1);
        JournalFiles.syncDirectory(dir);
        for (Path journal : JournalFiles.journals(dir)) {
            if (!journal.equals(segment.path())) {
                Files.deleteIfExists(journal);
            }
        }
        for (Path snapshot : JournalFiles.snapshots(dir)) {
            if (!snapshot.equals(written)) {
                Files.deleteIfExists(snapshot);
            }
        }
        LOG.debug("Metadata journal {} snapshot at index {}", dir, index);
        return index;
    }

    private void fail(Pending p) {
        if (p.future() != null) {
            p.future().completeExceptionally(unavailable());
        }
    }

    @Override
    public boolean isLeader() {
        return !closed && failure == null;
    }

    @Override
    public OptionalInt leaderId() {
        return isLeader() ? OptionalInt.of(nodeId) : OptionalInt.empty();
    }

    @Override
    public long term() {
        return TERM;
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public void addLeaderListener(LeaderListener listener) {
        listeners.add(listener);
        listener.leaderChanged(leaderId(), TERM);
    }

    /**
     * Stops the writer after the entries already queued; it then closes the segment and releases the directory.
     * Waits for that unless called from the writer thread itself. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        if (Thread.currentThread() != writer) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        listeners.forEach(l -> l.leaderChanged(OptionalInt.empty(), TERM));
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("Could not release {}", dir.resolve("journal.lock"), e);
        }
    }
}
