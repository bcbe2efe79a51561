package io.samsa.broker.common;

import io.samsa.broker.log.Scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Scheduler} for tests: tasks run on the test's thread, only when the test calls
 * {@link #advance} or {@link #runDue}, at the {@link ManualTime} they are due. Thread-safe enough for
 * tasks scheduled from background threads, but runs everything on the caller.
 */
public final class ManualScheduler implements Scheduler {
    private final ManualTime time;
    private final List<Entry> entries = new ArrayList<>();
    private long sequence;

    private static final class Entry {
        final String name;
        final Runnable task;
        final long periodMs;
        final long seq;
        long dueMs;
        boolean cancelled;

        Entry(String name, Runnable task, long dueMs, long periodMs, long seq) {
            this.name = name;
            this.task = task;
            this.dueMs = dueMs;
            this.periodMs = periodMs;
            this.seq = seq;
        }
    }

    public ManualScheduler(ManualTime time) {
        this.time = time;
    }

    @Override
    public synchronized Task schedule(String name, Runnable task, long delayMs, long periodMs) {
        Entry entry = new Entry(name, task, time.milliseconds() + Math.max(0, delayMs), periodMs, sequence++);
        entries.add(entry);
        return () -> {
            synchronized (ManualScheduler.this) {
                entry.cancelled = true;
                entries.remove(entry);
            }
        };
    }

    /** Moves the clock forward by {@code ms}, running every task that falls due on the way, in order. */
    public void advance(long ms) {
        long target = time.milliseconds() + ms;
        while (true) {
            Entry next;
            synchronized (this) {
                next = entries.stream().filter(e -> e.dueMs <= target)
                        .min(Comparator.<Entry>comparingLong(e -> e.dueMs).thenComparingLong(e -> e.seq)).orElse(null);
            }
            if (next == null) {
                break;
            }
            if (next.dueMs > time.milliseconds()) {
                time.advance(next.dueMs - time.milliseconds());
            }
            runOnce(next);
        }
        if (target > time.milliseconds()) {
            time.advance(target - time.milliseconds());
        }
    }

    /** Runs the tasks due now (e.g. the fsync scheduled by a roll). */
    public void runDue() {
        advance(0);
    }

    synchronized int pendingTasks() {
        return entries.size();
    }

    synchronized List<String> pendingTaskNames() {
        return entries.stream().map(e -> e.name).toList();
    }

    private void runOnce(Entry entry) {
        synchronized (this) {
            if (entry.periodMs > 0) {
                entry.dueMs += entry.periodMs;
            } else {
                entries.remove(entry);
            }
        }
        entry.task.run();
    }

    /** Tasks scheduled and not yet run or cancelled. */
    public synchronized int pending() {
        return entries.size();
    }

    @Override
    public synchronized void close() {
        entries.clear();
    }
}
