package io.samsa.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the single-node {@link Workload} and the 3-node {@link ClusterWorkload} share: the run's
 * options, the load tools, the results a turn adds to, and the way a turn announces itself and
 * stays idle.
 *
 * @param <O> the command line's options
 */
abstract class TurnWorkload<O> {
    protected final O options;
    protected final KafkaTools tools;
    protected final Results results;

    protected TurnWorkload(O options, KafkaTools tools, Results results) {
        this.options = options;
        this.tools = tools;
        this.results = results;
    }

    /** The turn's first line on the console, with the load the machine is under as it starts. */
    protected static void announce(int round, String what, Path workDir) {
        System.out.printf("round %d: %s (work directory %s, load %s)%n", round, what, workDir,
            ProcStatus.loadAverages());
    }

    /** The idle period is a measurement condition (the broker with no clients), not a wait for anything. */
    protected static void idle(int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
