package io.samsa.broker.group;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: how each {@code __consumer_offsets} shard gets a
 * single writer without a thread of its own. At most one drain of the queue is submitted to the pool at a time;
 * the flag that says so orders successive drains, so each task sees everything its predecessors did. A drain runs
 * a bounded number of tasks and then resubmits itself, so one busy shard cannot hold a pool thread for long.
 *
 * <p>A task that throws is logged and the next one runs. Thread-safe.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private static final int TASKS_PER_DRAIN = 64;

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile Thread runner;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    /** @throws RejectedExecutionException if the pool is shut down and nothing is draining */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        scheduleDrain();
    }

    /** True on the thread currently running this executor's tasks. */
    boolean inExecutor() {
        return runner == Thread.currentThread();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                tasks.clear();
                throw e;
            }
        }
    }

    private void drain() {
        Thread previous = runner;
        runner = Thread.currentThread();
        try {
            Runnable task;
            int ran = 0;
            while (ran++ < TASKS_PER_DRAIN && (task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.error("A group coordinator task failed", t);
                }
            }
        } finally {
            runner = previous;
            draining.set(false);
        }
        if (!tasks.isEmpty()) {
            try {
                scheduleDrain();
            } catch (RejectedExecutionException e) {
                LOG.debug("Pool shut down with group coordinator tasks queued; dropping them");
            }
        }
    }
}
