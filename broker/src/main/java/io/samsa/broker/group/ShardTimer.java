package io.samsa.broker.group;

import io.samsa.broker.common.Time;
import io.samsa.broker.log.Scheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Keyed timers of one shard (session timeouts, the join and sync phase deadlines, offset expiry): scheduling a key
 * again replaces its deadline, and the task runs on the shard's executor, so timers change group state like any
 * request does. No polling loop: one scheduler task per key is armed; a later deadline for an armed key just moves
 * the deadline, and the task re-arms itself for the remainder when it fires early, so a heartbeat costs a field
 * write, not a cancel and a schedule.
 *
 * <p>Confined to the shard's executor (its map is touched only there).
 */
final class ShardTimer {

    /** What a timer is for; at most one timer per key. */
    record Key(String kind, String groupId, String memberId) {
        static Key heartbeat(String groupId, String memberId) {
            return new Key("heartbeat", groupId, memberId);
        }

        static Key join(String groupId) {
            return new Key("join", groupId, null);
        }

        static Key sync(String groupId) {
            return new Key("sync", groupId, null);
        }

        static Key offsetExpiry() {
            return new Key("offset-expiry", null, null);
        }
    }

    private static final class Entry {
        long deadlineMs;
        long armedForMs;
        Runnable task;
        Scheduler.Task scheduled;
    }

    private final Scheduler scheduler;
    private final Executor executor;
    private final Time time;
    private final String name;
    private final Map<Key, Entry> entries = new HashMap<>();

    ShardTimer(Scheduler scheduler, Executor executor, Time time, String name) {
        this.scheduler = scheduler;
        this.executor = executor;
        this.time = time;
        this.name = name;
    }

    /** Runs {@code task} on the shard after {@code delayMs}, replacing any timer of {@code key}. */
    void schedule(Key key, long delayMs, Runnable task) {
        long deadline = time.milliseconds() + Math.max(0, delayMs);
        Entry entry = entries.get(key);
        if (entry != null && entry.armedForMs <= deadline) {
            entry.deadlineMs = deadline;
            entry.task = task;
            return;
        }
        if (entry != null) {
            entry.scheduled.cancel();
        }
        entry = new Entry();
        entry.deadlineMs = deadline;
        entry.task = task;
        entries.put(key, entry);
        arm(key, entry, deadline - time.milliseconds());
    }

    void cancel(Key key) {
        Entry entry = entries.remove(key);
        if (entry != null) {
            entry.scheduled.cancel();
        }
    }

    void cancelAll() {
        entries.values().forEach(e -> e.scheduled.cancel());
        entries.clear();
    }

    boolean isScheduled(Key key) {
        return entries.containsKey(key);
    }

    int size() {
        return entries.size();
    }

    private void arm(Key key, Entry entry, long delayMs) {
        entry.armedForMs = time.milliseconds() + delayMs;
        entry.scheduled = scheduler.scheduleOnce(name + "-" + key.kind(), () -> {
            try {
                executor.execute(() -> fire(key, entry));
            } catch (RejectedExecutionException e) {
                // The broker is stopping: nothing left to time out.
            }
        }, delayMs);
    }

    private void fire(Key key, Entry entry) {
        if (entries.get(key) != entry) {
            return;   // cancelled or replaced after it was armed
        }
        long remaining = entry.deadlineMs - time.milliseconds();
        if (remaining > 0) {
            arm(key, entry, remaining);
            return;
        }
        entries.remove(key);
        entry.task.run();
    }
}
