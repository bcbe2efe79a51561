package io.samsa.broker.api.group;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * A single-node broker in a child JVM ({@code io.samsa.broker.Main} on a private copy of the test class path), so
 * a test can SIGKILL it: no shutdown hook runs, and only what the broker handed to the OS survives. Listens on a
 * fixed loopback port so clients find it again after a restart. Output goes to {@code broker.log}.
 */
final class ChildBroker implements AutoCloseable {
    private final Path properties;
    private final Path log;
    private final String classpath;
    private final int port;
    private Process process;
    private int starts;

    ChildBroker(Path dir, Map<String, String> config) throws IOException {
        Files.createDirectories(dir);
        this.port = freePort();
        this.properties = dir.resolve("server.properties");
        this.log = dir.resolve("broker.log");
        this.classpath = privateClasspath(dir.resolve("cp"));
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        text.append("listeners=PLAINTEXT://127.0.0.1:").append(port).append('\n');
        Files.writeString(properties, text.toString());
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the JVM and waits for the broker's start-up line. */
    void start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        starts++;
        Files.writeString(log, "---- start " + starts + " ----\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(List.of(java, "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.logFile=System.out", "-cp", classpath, "io.samsa.broker.Main",
                properties.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        int start = starts;
        Eventually.until(Duration.ofSeconds(60), () -> "the child broker to start; see " + log, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the child broker exited with " + process.exitValue() + "; see " + log);
            }
            String text = read();
            int from = text.lastIndexOf("---- start " + start + " ----");
            return from >= 0 && text.indexOf("Samsa broker ", from) >= 0 && text.indexOf(" started in ", from) >= 0;
        });
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the child broker survived SIGKILL");
            }
        }
    }

    /** The lines of every start's output that contain {@code text}, for a failure message. */
    String linesWith(String text) {
        return String.join("\n", read().lines().filter(l -> l.contains(text) || l.startsWith("---- start")).toList());
    }

    private String read() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * This JVM's class path with its class directories copied: other builds in the shared workspace may rewrite
     * {@code target/classes} while the child runs or restarts.
     */
    private static String privateClasspath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int copies = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path copy = dir.resolve("classes-" + copies++);
                try (var files = Files.walk(path)) {
                    for (Path source : files.toList()) {
                        Path target = copy.resolve(path.relativize(source).toString());
                        if (Files.isDirectory(source)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(source, target);
                        }
                    }
                }
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
