package io.samsa.compat.broker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A single-node Kafka-protocol broker that the scenarios run against, started as a separate
 * process on free loopback ports with its own fresh data directory. The first {@link #start()}
 * allocates the ports and the directory; later starts (after {@link #stop()}, {@link #kill()} or in
 * {@link #restart()}) reuse both, so a restarted broker keeps its data and its address.
 *
 * <p>Not thread-safe: one test thread drives the lifecycle; scenarios only restart it.
 */
public interface BrokerUnderTest extends AutoCloseable {

    /** The target's name in reports, e.g. {@code apache-kafka-4.4.0} or {@code samsa}. */
    String name();

    /** Starts the process and returns once an AdminClient's describeCluster sees this node. */
    void start();

    /** {@code 127.0.0.1:port} of the client listener; valid after the first start. */
    String bootstrapServers();

    /** The broker's {@code node.id}. */
    int nodeId();

    /** Graceful stop: SIGTERM, a bounded wait, then SIGKILL if the process is still there. */
    void stop();

    /** Crash: SIGKILL, no shutdown hooks, nothing flushed by the broker. */
    void kill();

    /** {@link #stop()} then {@link #start()} on the same ports and data. */
    default void restart() {
        stop();
        start();
    }

    /** The process id of the running broker; -1 when it is not running. */
    long pid();

    boolean isRunning();

    /** The process's combined stdout/stderr (all starts appended). */
    Path logFile();

    /** How long the last {@link #start()} took from launch to ready. */
    Duration lastStartupTime();

    /**
     * Stops the broker if it runs and deletes its work directory, unless the system property
     * {@code compat.keep.work} is true.
     */
    @Override
    void close();

    /** Stops the broker if it runs; keeps its work directory (data, config, log) when asked to. */
    void close(boolean keepWorkDir);
}
