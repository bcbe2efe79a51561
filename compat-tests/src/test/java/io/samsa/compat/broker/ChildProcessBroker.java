package io.samsa.compat.broker;

import io.samsa.compat.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The lifecycle shared by every broker run as a child JVM: a fresh work directory, free loopback
 * ports chosen once, a process whose stdout/stderr go to {@code broker.log} in the work directory,
 * readiness by polling describeCluster (never by sleeping), SIGTERM/SIGKILL, and a log tail in the
 * exception when a start fails. Subclasses say how to prepare the directory on the first start and
 * which command line to run.
 *
 * <p>Owns the child process and the work directory; a JVM shutdown hook kills the child if the
 * test JVM exits without {@link #close()}.
 */
public abstract class ChildProcessBroker implements BrokerUnderTest {
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final int LOG_TAIL_LINES = 60;

    private final String name;
    private final Path workRoot;
    private final Duration startTimeout;
    private Path workDir;
    private int[] ports;
    private boolean prepared;
    private Process process;
    private Thread killOnExit;
    private Duration lastStartupTime = Duration.ZERO;

    protected ChildProcessBroker(String name, Path workRoot, Duration startTimeout) {
        this.name = name;
        this.workRoot = workRoot;
        this.startTimeout = startTimeout;
    }

    /** How many loopback ports the broker listens on (the client port first). */
    protected abstract int portCount();

    /** Writes configuration and formats storage; runs once, before the first launch. */
    protected abstract void prepare(Path workDir, int[] ports) throws IOException;

    /** The command line of the broker process. */
    protected abstract List<String> command(Path workDir, int[] ports);

    @Override
    public String name() {
        return name;
    }

    @Override
    public int nodeId() {
        return BrokerSettings.NODE_ID;
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running (pid " + pid() + ")");
        }
        Deadline deadline = Deadline.after(startTimeout);
        try {
            if (!prepared) {
                if (workDir == null) {
                    Files.createDirectories(workRoot);
                    workDir = Files.createTempDirectory(workRoot, name + "-");
                    ports = FreePorts.allocate(portCount());
                }
                prepare(workDir, ports);
                prepared = true;
            }
            process = launch(command(workDir, ports), logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot launch: " + e.getMessage() + logTail(), e);
        }
        killOnExit = new Thread(process::destroyForcibly, name + "-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            Readiness.await(bootstrapServers(), nodeId(), process, deadline);
        } catch (RuntimeException e) {
            kill();
            throw new IllegalStateException(name + " did not become ready within " + startTimeout.toSeconds()
                + " s: " + e.getMessage() + logTail(), e);
        }
        lastStartupTime = Duration.ofMillis(deadline.elapsedMillis());
        appendMarker("ready after " + lastStartupTime.toMillis() + " ms (pid " + pid() + ")");
    }

    @Override
    public String bootstrapServers() {
        if (ports == null) {
            throw new IllegalStateException(name + " has not been started");
        }
        return "127.0.0.1:" + ports[0];
    }

    @Override
    public synchronized void stop() {
        terminate(false);
    }

    @Override
    public synchronized void kill() {
        terminate(true);
    }

    @Override
    public synchronized long pid() {
        return isRunning() ? process.pid() : -1;
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public Path logFile() {
        return workDir == null ? null : workDir.resolve("broker.log");
    }

    protected Path workDir() {
        return workDir;
    }

    @Override
    public Duration lastStartupTime() {
        return lastStartupTime;
    }

    @Override
    public synchronized void close() {
        close(Boolean.getBoolean("compat.keep.work"));
    }

    @Override
    public synchronized void close(boolean keepWorkDir) {
        terminate(false);
        if (workDir != null && !keepWorkDir) {
            deleteRecursively(workDir);
        }
    }

    /** Runs a helper command (e.g. storage formatting) to completion with its output in the log. */
    protected void runToCompletion(List<String> command, Duration timeout) throws IOException {
        Process helper = launch(command, logFile());
        try {
            if (!helper.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                helper.destroyForcibly();
                throw new IOException(String.join(" ", command.subList(0, 1)) + " did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            helper.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (helper.exitValue() != 0) {
            throw new IOException("exit code " + helper.exitValue() + " from " + command + logTail());
        }
    }

    /** The java launcher of this JVM, so the child runs on the same JDK as the tests. */
    protected static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Process launch(List<String> command, Path log) throws IOException {
        appendMarker("launch: " + String.join(" ", command));
        return new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    }

    private void terminate(boolean forcibly) {
        if (process == null) {
            return;
        }
        appendMarker(forcibly ? "SIGKILL" : "SIGTERM");
        try {
            if (forcibly) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                appendMarker("no exit within " + STOP_TIMEOUT.toSeconds() + " s: SIGKILL");
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            removeShutdownHook();
            process = null;
        }
    }

    private void removeShutdownHook() {
        if (killOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will run; nothing to undo
            }
            killOnExit = null;
        }
    }

    /** Appends a {@code ### compat-tests:} line to the broker's log (launches, signals, timings). */
    protected void appendMarker(String line) {
        if (workDir == null) {
            return;
        }
        try {
            Files.writeString(logFile(), "### compat-tests: " + line + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the marker only helps a human reading the log
        }
    }

    /** The last lines of the broker's log, for exception messages. */
    public String logTail() {
        Path log = logFile();
        if (log == null || !Files.exists(log)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
            return System.lineSeparator() + "--- last " + tail.size() + " lines of " + log + " ---"
                + System.lineSeparator() + String.join(System.lineSeparator(), tail);
        } catch (IOException | UncheckedIOException e) {
            return System.lineSeparator() + "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp directory under target/ is harmless
        }
    }
}
