package io.samsa.broker.partition;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on the thread that submits them when nothing else
 * is running, else on the thread already running tasks (which drains the queue before it returns).
 * This is how a partition's append path has a single writer without a thread of its own and
 * without any thread parking on a lock: a submitter either becomes the writer or hands its task to
 * the current one. Successive writers are ordered by the {@code draining} flag, so each sees
 * everything its predecessors wrote.
 *
 * <p>A task that throws is logged and the next one runs. Thread-safe.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final String name;

    SerialExecutor(String name) {
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        // Re-check after releasing the flag: a task added while the last drainer was finishing must not be stranded.
        while (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                Runnable next;
                while ((next = tasks.poll()) != null) {
                    runQuietly(next);
                }
            } finally {
                draining.set(false);
            }
        }
    }

    private void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{}: task failed", name, e);
        }
    }
}
