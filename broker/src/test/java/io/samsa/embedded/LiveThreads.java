package io.samsa.embedded;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** Which threads a test's brokers left running. */
final class LiveThreads {
    private LiveThreads() {
    }

    static Set<Thread> snapshot() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /** Names of threads started since {@code before} that are still alive after waiting up to {@code timeout}. */
    static Set<String> awaitGone(Set<Thread> before, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Thread> extra;
        do {
            extra = snapshot();
            extra.removeAll(before);
            extra.removeIf(LiveThreads::jvmWide);
            if (extra.isEmpty()) {
                return Set.of();
            }
            extra.iterator().next().join(100);
        } while (System.nanoTime() < deadline);
        return extra.stream().map(Thread::getName).collect(Collectors.toSet());
    }

    /**
     * JVM-wide daemon helpers that outlive any one broker or cluster by design, not ours to stop: the JDK's common
     * pool, process reaper, attach listener and CompletableFuture's delay scheduler (orTimeout), and Ratis's
     * TimeoutTimer, a static singleton of eight java.util.Timer threads "timer0".."timer7" shared by every Raft
     * server in the JVM.
     */
    private static boolean jvmWide(Thread t) {
        String name = t.getName();
        return name.startsWith("ForkJoinPool.commonPool") || name.equals("process reaper")
                || name.startsWith("Attach Listener")
                || (t.isDaemon() && (name.equals("CompletableFutureDelayScheduler") || name.matches("timer[0-7]")));
    }
}
