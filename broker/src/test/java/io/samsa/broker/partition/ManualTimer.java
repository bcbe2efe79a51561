package io.samsa.broker.partition;

import io.samsa.broker.log.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Scheduler} whose one-shot tasks run only when the test advances its clock; periodic
 * background work (the log manager's retention and flush passes) is accepted and never run.
 */
final class ManualTimer implements Scheduler {
    private final List<Entry> entries = new ArrayList<>();
    private long nowMs;

    private static final class Entry implements Task {
        final long dueMs;
        final Runnable task;
        boolean cancelled;

        Entry(long dueMs, Runnable task) {
            this.dueMs = dueMs;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public synchronized Task schedule(String name, Runnable task, long delayMs, long periodMs) {
        if (periodMs > 0) {
            return () -> { };
        }
        Entry entry = new Entry(nowMs + delayMs, task);
        entries.add(entry);
        return entry;
    }

    /** Moves time on and runs the tasks that became due (outside the lock). */
    void advance(long ms) {
        List<Entry> due = new ArrayList<>();
        synchronized (this) {
            nowMs += ms;
            for (Entry entry : List.copyOf(entries)) {
                if (entry.dueMs <= nowMs) {
                    entries.remove(entry);
                    if (!entry.cancelled) {
                        due.add(entry);
                    }
                }
            }
        }
        due.forEach(e -> e.task.run());
    }

    /** Tasks scheduled and neither run nor cancelled. */
    synchronized long pending() {
        return entries.stream().filter(e -> !e.cancelled).count();
    }

    @Override
    public void close() {
    }
}
