package io.samsa.broker.replication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Samsa broker as a child JVM ({@code io.samsa.broker.Main} on the test classpath), so that a test can SIGKILL
 * it: no shutdown hook, no Ratis close, whatever the page cache holds stays. Output goes to {@code broker-<n>.log}.
 */
final class BrokerProcess implements AutoCloseable {

    private final int nodeId;
    private final Path properties;
    private final Path log;
    private Process process;
    private int starts;

    private final String classpath;

    /**
     * @param classpath the child JVM's class path (see {@link #privateClasspath})
     */
    BrokerProcess(int nodeId, Path dir, Map<String, String> config, String classpath) throws IOException {
        this.nodeId = nodeId;
        this.classpath = classpath;
        Files.createDirectories(dir);
        this.properties = dir.resolve("server.properties");
        this.log = dir.resolve("broker-" + nodeId + ".log");
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(properties, text.toString());
    }

    int nodeId() {
        return nodeId;
    }

    /** Starts the JVM; {@link #awaitStarted} waits for the broker's start-up line. */
    void start() throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.logFile=System.out",
                "-Dorg.slf4j.simpleLogger.log.org.apache.ratis=error",
                "-cp", classpath, "io.samsa.broker.Main", properties.toString()));
        starts++;
        Files.writeString(log, "---- start " + starts + " ----\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * This test JVM's class path with its class directories copied under {@code dir}: other builds in the same
     * workspace may rewrite {@code target/classes} while a child runs or restarts, and a child must not load half a
     * build.
     */
    static String privateClasspath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int copies = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path copy = dir.resolve("classes-" + copies++);
                copyTree(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    void awaitStarted(Duration timeout) {
        String marker = "Samsa broker " + nodeId + " started";
        int start = starts;
        Await.until(timeout, "broker " + nodeId + " to start (see " + log + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("broker " + nodeId + " exited with " + process.exitValue() + "; see " + log);
            }
            String text = Files.readString(log);
            int from = text.lastIndexOf("---- start " + start + " ----");
            return from >= 0 && text.indexOf(marker, from) >= 0;
        });
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("broker " + nodeId + " survived SIGKILL");
            }
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
