package io.samsa.broker.common;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Time} that moves only when a test says so. Both clocks advance together; the monotonic
 * one starts at an arbitrary value so code cannot mistake it for wall time. Thread-safe.
 */
public final class ManualTime implements Time {
    private final AtomicLong millis;
    private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(3));

    /** Starts at a fixed, realistic wall-clock time (2024-01-01T00:00:00Z). */
    public ManualTime() {
        this(1_704_067_200_000L);
    }

    public ManualTime(long startMs) {
        this.millis = new AtomicLong(startMs);
    }

    @Override
    public long milliseconds() {
        return millis.get();
    }

    @Override
    public long nanoseconds() {
        return nanos.get();
    }

    /** Moves both clocks forward by {@code ms}. */
    public void advance(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("time only moves forward: " + ms);
        }
        millis.addAndGet(ms);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Override
    public String toString() {
        return "ManualTime(" + millis.get() + ")";
    }
}
