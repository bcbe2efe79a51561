package io.samsa.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One broker under test as a child JVM on loopback: a fresh work directory (configuration, data,
 * {@code broker.log}), free ports chosen once, a launch whose start-up is timed to the first
 * ApiVersions answer, and SIGTERM (then SIGKILL) by PID. Subclasses say how to prepare the
 * directory and which command to run; both brokers get the same JVM flags and the same shared
 * settings ({@link #COMMON_SETTINGS}), everything else at each broker's default.
 *
 * <p>Owns its process; a JVM shutdown hook kills it if the harness exits without {@link #stop()}.
 * Used from the harness's main thread only.
 */
abstract class BrokerProcess {
    static final String HOST = "127.0.0.1";
    private static final long STOP_TIMEOUT_SECONDS = 60;

    /**
     * A single node needs replication factor 1 for its internal topics; a group's first member
     * should not wait 3 s for others (it would count as consumer time). Flush, segment, thread and
     * socket settings stay at the defaults, which Samsa shares with Kafka.
     */
    static final Map<String, String> COMMON_SETTINGS = Map.of(
        "offsets.topic.replication.factor", "1",
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "group.initial.rebalance.delay.ms", "0");

    private final String name;
    private final Path workDir;
    private final List<String> jvmOptions;
    private final int[] ports;
    private Process process;
    private Thread killOnExit;
    private long launchedNanos;

    protected BrokerProcess(String name, Path workDir, List<String> jvmOptions, int portCount) throws IOException {
        this(name, workDir, jvmOptions, freePorts(portCount));
    }

    /** With ports chosen by the caller: a cluster's nodes must know each other's ports before any starts. */
    protected BrokerProcess(String name, Path workDir, List<String> jvmOptions, int[] ports) throws IOException {
        this.name = name;
        this.workDir = Files.createDirectories(workDir).toAbsolutePath();
        this.jvmOptions = List.copyOf(jvmOptions);
        this.ports = ports.clone();
    }

    /** Writes configuration and formats storage; runs before the (timed) launch. */
    protected abstract void prepare() throws IOException;

    /** The main class or {@code -jar} arguments and the broker's own arguments, after the JVM flags. */
    protected abstract List<String> mainArguments();

    String name() {
        return name;
    }

    Path workDir() {
        return workDir;
    }

    Path dataDir() {
        return workDir.resolve("data");
    }

    Path logFile() {
        return workDir.resolve("broker.log");
    }

    int port(int index) {
        return ports[index];
    }

    String bootstrapServers() {
        return HOST + ":" + ports[0];
    }

    long pid() {
        return process.pid();
    }

    /** Launches the broker and returns the milliseconds from launch to the first ApiVersions answer. */
    double start(long timeoutSeconds) throws IOException {
        prepare();
        launch();
        return awaitFirstAnswer(launchedNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds));
    }

    /**
     * Starts the prepared broker's JVM without waiting for it: a cluster launches all its nodes before
     * waiting for any, since a node may not answer before a quorum of its peers is up.
     */
    void launch() throws IOException {
        List<String> command = java(jvmOptions, mainArguments());
        appendMarker("launch: " + String.join(" ", command));
        launchedNanos = System.nanoTime();
        process = launch(command, logFile());
        killOnExit = new Thread(process::destroyForcibly, name + "-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** {@link System#nanoTime()} of the last {@link #launch()}. */
    long launchedNanos() {
        return launchedNanos;
    }

    /**
     * Waits for the launched broker's first ApiVersions answer and returns the milliseconds since the
     * launch; stops the broker and throws if it exits or the deadline passes first.
     */
    double awaitFirstAnswer(long deadlineNanos) {
        long answered;
        try {
            answered = new ApiVersionsProbe(HOST, ports[0]).awaitFirstAnswer(process, deadlineNanos);
        } catch (IllegalStateException e) {
            stop();
            throw new IllegalStateException(name + ": " + e.getMessage() + logTail(), e);
        }
        double millis = (answered - launchedNanos) / 1e6;
        appendMarker(String.format("first ApiVersions answer after %.1f ms (pid %d)", millis, process.pid()));
        return millis;
    }

    /**
     * SIGTERM by PID without waiting: a cluster signals all its nodes first, so that no node's
     * controlled shutdown waits for a quorum its already-stopped peers can no longer form.
     */
    void terminate() {
        if (process != null && process.isAlive()) {
            appendMarker("SIGTERM (cluster stop)");
            process.destroy();
        }
    }

    /** SIGTERM to our own child by PID, then SIGKILL if it does not exit in time. */
    void stop() {
        if (process == null) {
            return;
        }
        appendMarker("SIGTERM");
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                appendMarker("no exit within " + STOP_TIMEOUT_SECONDS + " s: SIGKILL");
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            process = null;
        }
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Runs a helper JVM (e.g. storage formatting) to completion, its output into the broker log. */
    protected void runToCompletion(List<String> mainArguments, long timeoutSeconds) throws IOException {
        List<String> command = java(jvmOptions, mainArguments);
        appendMarker("run: " + String.join(" ", command));
        Process helper = launch(command, logFile());
        try {
            if (!helper.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                helper.destroyForcibly();
                throw new IOException(name + ": " + mainArguments.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            helper.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (helper.exitValue() != 0) {
            throw new IOException(name + ": exit code " + helper.exitValue() + " from " + mainArguments + logTail());
        }
    }

    /** {@code key=value} lines; the shared settings first, the broker's own after (they win). */
    protected void writeServerProperties(Map<String, String> own) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(new java.util.TreeMap<>(COMMON_SETTINGS));
        all.putAll(own);
        List<String> lines = new ArrayList<>();
        lines.add("# written by samsa-bench");
        all.forEach((key, value) -> lines.add(key + "=" + value));
        Files.write(workDir.resolve("server.properties"), lines);
    }

    static List<String> java(List<String> jvmOptions, List<String> mainArguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(mainArguments);
        return command;
    }

    private Process launch(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    }

    void appendMarker(String line) {
        try {
            Files.writeString(logFile(), "### samsa-bench: " + line + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the marker only helps a human reading the log
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return System.lineSeparator() + String.join(System.lineSeparator(),
                lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    static int[] freePorts(int count) throws IOException {
        // Held open together so that the same port is not handed out twice.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
