package io.samsa.broker.partition;

import io.samsa.broker.log.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fetch that found fewer than {@code min_bytes} and waits (Kafka's {@code DelayedFetch}): an
 * incomplete future, completed once by whichever comes first — enough new data appended to any of
 * its partitions (their {@link Replication} reports each advance of the high watermark), a change of
 * leadership or the deletion of one of them, broker shutdown, or a timer at {@code max_wait_ms}.
 * No thread waits and nothing polls; the fetch handler then reads again and answers.
 *
 * <p>New bytes are counted from the appends' sizes, as Kafka approximates them from log positions.
 * A high watermark that moved between the fetch's read and its registration completes it at once,
 * so an append in that window is never missed.
 *
 * <p>Thread-safe: appends report from their writer threads, the timer from its own, and completion
 * happens once (the future decides). Continuations must not run on those threads for long, so the
 * handler re-reads on its executor.
 */
public final class DelayedFetch {
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final List<Partition> partitions;
    private final long bytesNeeded;
    private final AtomicLong accumulated = new AtomicLong();
    private volatile Scheduler.Task timer;

    private DelayedFetch(List<Partition> partitions, long bytesNeeded) {
        this.partitions = List.copyOf(partitions);
        this.bytesNeeded = bytesNeeded;
    }

    /**
     * Starts waiting.
     *
     * @param partitions             the partitions the fetch reads (every one must be watched)
     * @param observedHighWatermarks each partition's high watermark when the fetch read it
     * @param bytesNeeded            how many more bytes would reach {@code min_bytes}
     * @param maxWaitMs              when to give up and answer with what there is
     * @param timer                  runs the expiry
     * @return completes (with null) when the fetch should read again and answer
     */
    static DelayedFetch await(List<Partition> partitions, long[] observedHighWatermarks, long bytesNeeded,
                              long maxWaitMs, Scheduler timer) {
        DelayedFetch fetch = new DelayedFetch(partitions, bytesNeeded);
        fetch.timer = timer.scheduleOnce("delayed-fetch", fetch::complete, maxWaitMs);
        for (Partition partition : fetch.partitions) {
            partition.watch(fetch);
        }
        for (int i = 0; i < fetch.partitions.size(); i++) {
            Partition partition = fetch.partitions.get(i);
            if (partition.highWatermark() != observedHighWatermarks[i] || partition.isDeleted()) {
                fetch.complete();
                break;
            }
        }
        if (fetch.done.isDone()) {
            fetch.unwatchAll(); // completed (by the timer) while it was still registering
        }
        return fetch;
    }

    /** Completes with null when the fetch should answer; never exceptionally. */
    public CompletableFuture<Void> future() {
        return done;
    }

    /** {@code bytes} more became visible in one of the partitions. */
    void onNewData(int bytes) {
        if (accumulated.addAndGet(bytes) >= bytesNeeded) {
            complete();
        }
    }

    /** Answers now, whatever there is. Idempotent. */
    void complete() {
        if (done.complete(null)) {
            Scheduler.Task task = timer;
            if (task != null) {
                task.cancel();
            }
            unwatchAll();
        }
    }

    private void unwatchAll() {
        for (Partition partition : partitions) {
            partition.unwatch(this);
        }
    }
}
