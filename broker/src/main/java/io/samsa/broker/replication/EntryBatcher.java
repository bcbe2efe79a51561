package io.samsa.broker.replication;

import io.samsa.broker.common.Time;
import io.samsa.broker.partition.AppendScope;
import io.samsa.broker.partition.ReplicationException;
import io.samsa.protocol.ErrorCode;
import io.samsa.raft.NotLeaderException;
import io.samsa.raft.RaftUnavailableException;
import io.samsa.raft.ReplicatedDataLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns a group leader's appends into Raft entries: the appends queued while the previous entry was being submitted
 * go together into the next one (a produce request's partitions in the group, or several requests), up to
 * {@link #MAX_ENTRY_BYTES}; a produce request's appends to the group are queued together ({@link AppendScope}), so
 * they leave in one entry. Entries are pipelined: a submit does not wait for the previous commit. Appends of one
 * partition keep their order, since the queue is FIFO and entries are submitted in order.
 *
 * <p>Threads: {@link #add} from any thread; submits run on the shared submitter executor, one drain per group at a
 * time.
 */
final class EntryBatcher {

    /** Below Ratis' 4 MB limit on one entry, payload included ({@code raft.server.log.appender.buffer.byte-limit}). */
    static final int MAX_ENTRY_BYTES = 3 << 20;

    /** Makes a group's batcher. */
    @FunctionalInterface
    interface Factory {
        EntryBatcher create(HostedGroup group);
    }

    private final HostedGroup group;
    private final Executor submitter;
    private final Time time;
    private final LongSupplier metadataOffset;
    private final ArrayDeque<PendingAppend> queue = new ArrayDeque<>();
    /** One object, so that {@link AppendScope} gathers a request's appends to this group under one key. */
    private final Consumer<List<PendingAppend>> queueing = this::addAll;
    private boolean draining;

    EntryBatcher(HostedGroup group, Executor submitter, Time time, LongSupplier metadataOffset) {
        this.group = group;
        this.submitter = submitter;
        this.time = time;
        this.metadataOffset = metadataOffset;
    }

    void add(PendingAppend append) {
        if (append.records().length + Integer.BYTES > MAX_ENTRY_BYTES) {
            append.result().completeExceptionally(new ReplicationException(ErrorCode.RECORD_LIST_TOO_LARGE,
                    append.records().length + " bytes of records exceed a replicated append's "
                            + MAX_ENTRY_BYTES + " bytes"));
            return;
        }
        AppendScope.queue(queueing, append);
    }

    /** Queues a request's appends at once: a drain takes all of them or none. */
    private void addAll(List<PendingAppend> appends) {
        boolean start;
        synchronized (this) {
            queue.addAll(appends);
            start = !draining;
            draining = true;
        }
        if (start) {
            submitter.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            List<PendingAppend> batch = new ArrayList<>();
            synchronized (this) {
                int bytes = 0;
                while (!queue.isEmpty()
                        && (batch.isEmpty() || bytes + queue.peek().records().length + Integer.BYTES <= MAX_ENTRY_BYTES)) {
                    PendingAppend next = queue.poll();
                    bytes += next.records().length + Integer.BYTES;
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    draining = false;
                    return;
                }
            }
            submit(batch);
        }
    }

    private void submit(List<PendingAppend> batch) {
        EntryContext context = new EntryContext(batch);
        ReplicatedDataLog log = group.log();
        if (log == null) {
            context.failed(notLeader("data group " + group.id() + " is not joined yet"));
            return;
        }
        List<ProduceEntry.Section> sections = new ArrayList<>(batch.size());
        List<byte[]> records = new ArrayList<>(batch.size());
        for (PendingAppend append : batch) {
            sections.add(new ProduceEntry.Section(append.partition(), append.origin()));
            records.add(append.records());
        }
        ProduceEntry entry = new ProduceEntry(time.milliseconds(), metadataOffset.getAsLong(), sections);
        try {
            log.submit(entry.encodeHeader(), ProduceEntry.frameData(records), context).whenComplete((commit, error) -> {
                if (error != null) {
                    context.failed(translate(error));
                } else {
                    context.committed();
                }
            });
        } catch (RuntimeException e) {
            context.failed(e);
        }
    }

    /** Raft's refusals become Kafka's: the client refreshes metadata and retries at the group's new leader. */
    private static Throwable translate(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof NotLeaderException || cause instanceof RaftUnavailableException) {
            return notLeader(cause.getMessage());
        }
        return cause;
    }

    private static ReplicationException notLeader(String message) {
        return new ReplicationException(ErrorCode.NOT_LEADER_OR_FOLLOWER, message);
    }
}
