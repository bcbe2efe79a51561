package io.samsa.broker.metadata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link MetadataNodeMain} child process, driven line by line; replies are awaited with a deadline. */
final class ChildNode implements AutoCloseable {

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private ChildNode(Process process) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    replies.add(line);
                }
            } catch (IOException e) {
                // The process died; callers time out on their next reply.
            }
        }, "child-node-stdout");
        pump.setDaemon(true);
        pump.start();
    }

    static ChildNode start(int nodeId, String voters, Path dir, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), MetadataNodeMain.class.getName(),
                Integer.toString(nodeId), voters, dir.toString())
                .redirectError(log.toFile()).start();
        ChildNode node = new ChildNode(process);
        node.await("STARTED", Duration.ofSeconds(30));
        return node;
    }

    /** Sends a command and returns its reply line. */
    String ask(String command, String replyPrefix, Duration timeout) throws IOException {
        commands.write(command + "\n");
        commands.flush();
        return await(replyPrefix, timeout);
    }

    private String await(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line;
            try {
                line = replies.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (line == null) {
                throw new AssertionError("no '" + prefix + "' line within " + timeout + " (alive: "
                        + process.isAlive() + ")");
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** SIGKILL: no shutdown hooks, no Ratis close, no snapshot on stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
