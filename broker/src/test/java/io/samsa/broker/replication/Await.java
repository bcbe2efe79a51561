package io.samsa.broker.replication;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Polls a condition until a deadline: tests never sleep to synchronise. */
final class Await {

    /** A condition that may throw (I/O while polling counts as "not yet"). */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    static void until(Duration timeout, String what, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what);
                if (last != null) {
                    failure.addSuppressed(last);
                }
                throw failure;
            }
            LockSupport.parkNanos(20_000_000);
        }
    }
}
