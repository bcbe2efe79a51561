package io.samsa.compat;

import java.time.Duration;

/**
 * A point in (monotonic) time that a bounded wait must not pass. Every loop in this module that
 * waits for a broker or a client polls against a {@code Deadline} instead of sleeping.
 */
public final class Deadline {
    private final long startNanos;
    private final long endNanos;

    private Deadline(long startNanos, long endNanos) {
        this.startNanos = startNanos;
        this.endNanos = endNanos;
    }

    public static Deadline after(Duration timeout) {
        long now = System.nanoTime();
        return new Deadline(now, now + timeout.toNanos());
    }

    public boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    /** What is left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** What is left, but at most {@code step}: the length of one bounded wait inside a loop. */
    public Duration step(Duration step) {
        Duration remaining = remaining();
        return remaining.compareTo(step) < 0 ? remaining : step;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
