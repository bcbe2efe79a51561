package io.samsa.broker.log;

/**
 * Runs the log's background work: retention checks, time-based flushes, the fsync that follows a
 * roll, and the delayed removal of deleted segments. Production uses {@link ExecutorScheduler};
 * tests use a manual scheduler driven by a manual clock, so nothing waits on real time.
 *
 * <p>A task that throws is logged and, if periodic, keeps its schedule. Thread-safe.
 */
public interface Scheduler extends AutoCloseable {

    /** A scheduled task that can be cancelled. */
    interface Task {
        /** Stops future runs; a run in progress finishes. */
        void cancel();
    }

    /**
     * Runs {@code task} after {@code delayMs}, then every {@code periodMs} if it is positive.
     *
     * @param name for logs and thread names
     */
    Task schedule(String name, Runnable task, long delayMs, long periodMs);

    /** Runs {@code task} once after {@code delayMs}. */
    default Task scheduleOnce(String name, Runnable task, long delayMs) {
        return schedule(name, task, delayMs, -1);
    }

    /** Cancels everything and stops the threads; tasks already running finish. */
    @Override
    void close();
}
