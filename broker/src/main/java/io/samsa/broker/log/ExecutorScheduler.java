package io.samsa.broker.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Scheduler} on a small pool of daemon threads (a {@link ScheduledThreadPoolExecutor}).
 * Exceptions are caught per run so a periodic task is never silently dropped. Thread-safe.
 */
public final class ExecutorScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    public ExecutorScheduler(int threads, String threadNamePrefix) {
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, threadNamePrefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Task schedule(String name, Runnable task, long delayMs, long periodMs) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("background task {} failed", name, t);
            }
        };
        ScheduledFuture<?> future = periodMs > 0
                ? executor.scheduleAtFixedRate(guarded, Math.max(0, delayMs), periodMs, TimeUnit.MILLISECONDS)
                : executor.schedule(guarded, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
