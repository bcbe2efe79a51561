package io.samsa.broker.replication;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wait of a data group's writer (or apply) thread for what other threads bring about: a replica registered, the
 * metadata moved on, a partition's previous group delivered. Each {@link #pause} sleeps on a monitor that
 * registrations notify, at most one slice (metadata images do not notify it), warns every {@link #WARN_MS} with what
 * it waits for, and ends the wait with an {@link InterruptedException} once the group closes. Used by one thread.
 */
final class GroupWait {

    private static final Logger LOG = LoggerFactory.getLogger(GroupWait.class);
    private static final long SLICE_MS = 100;
    private static final long WARN_MS = 10_000;

    private final UUID groupId;
    private final Object monitor;
    private final BooleanSupplier closed;
    private final long since = System.nanoTime();
    private long warnedAtMs;

    GroupWait(UUID groupId, Object monitor, BooleanSupplier closed) {
        this.groupId = groupId;
        this.monitor = monitor;
        this.closed = closed;
    }

    /** Waits one slice; {@code what} names what is awaited, for the warning. */
    void pause(Supplier<String> what) throws InterruptedException {
        if (closed.getAsBoolean()) {
            throw new InterruptedException("data group " + groupId + " is closing");
        }
        synchronized (monitor) {
            monitor.wait(SLICE_MS);
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
        if (waitedMs - warnedAtMs >= WARN_MS) {
            warnedAtMs = waitedMs;
            LOG.warn("Data group {}: waited {} ms for {}", groupId, waitedMs, what.get());
        }
    }
}
