package io.samsa.broker.common;

/**
 * The clock every component that expires, rolls or waits reads, so tests can drive time by hand
 * (CONVENTIONS.md §7). Production code uses {@link #SYSTEM}; tests use {@code ManualTime}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Time {

    /** The wall clock ({@link System#currentTimeMillis()}) and the monotonic clock ({@link System#nanoTime()}). */
    Time SYSTEM = new Time() {
        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }

        @Override
        public String toString() {
            return "Time.SYSTEM";
        }
    };

    /** Wall-clock time in ms since the epoch: what timestamps, retention and segment age are measured in. */
    long milliseconds();

    /** A monotonic reading in ns, only meaningful as a difference between two readings: for durations. */
    long nanoseconds();
}
