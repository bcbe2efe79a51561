package io.samsa.broker.group;

import io.samsa.broker.common.ManualTime;
import io.samsa.broker.log.Scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Scheduler} driven by a test: tasks run on the test's thread when {@link #advance} moves the
 * {@link ManualTime} past their due time, in due order, with the clock set to that time while they run.
 */
final class ManualScheduler implements Scheduler {
    private final ManualTime time;
    private final List<Entry> entries = new ArrayList<>();
    private long sequence;

    private static final class Entry {
        final Runnable task;
        final long periodMs;
        final long seq;
        long dueMs;

        Entry(Runnable task, long dueMs, long periodMs, long seq) {
            this.task = task;
            this.dueMs = dueMs;
            this.periodMs = periodMs;
            this.seq = seq;
        }
    }

    ManualScheduler(ManualTime time) {
        this.time = time;
    }

    @Override
    public synchronized Task schedule(String name, Runnable task, long delayMs, long periodMs) {
        Entry entry = new Entry(task, time.milliseconds() + Math.max(0, delayMs), periodMs, sequence++);
        entries.add(entry);
        return () -> {
            synchronized (ManualScheduler.this) {
                entries.remove(entry);
            }
        };
    }

    /** Moves the clock forward by {@code ms}, running every task that falls due on the way. */
    void advance(long ms) {
        long target = time.milliseconds() + ms;
        while (true) {
            Entry next;
            long due;
            synchronized (this) {
                next = entries.stream().filter(e -> e.dueMs <= target)
                        .min(Comparator.<Entry>comparingLong(e -> e.dueMs).thenComparingLong(e -> e.seq)).orElse(null);
                if (next == null) {
                    break;
                }
                due = next.dueMs;
                if (next.periodMs > 0) {
                    next.dueMs += next.periodMs;
                } else {
                    entries.remove(next);
                }
            }
            if (due > time.milliseconds()) {
                time.advance(due - time.milliseconds());
            }
            next.task.run();
        }
        if (target > time.milliseconds()) {
            time.advance(target - time.milliseconds());
        }
    }

    synchronized int pending() {
        return entries.size();
    }

    @Override
    public synchronized void close() {
        entries.clear();
    }
}
