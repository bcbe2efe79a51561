package io.samsa.compat.client;

import io.samsa.compat.Deadline;
import io.samsa.compat.broker.BrokerUnderTest;
import io.samsa.compat.report.Json;
import io.samsa.compat.scenario.ScenarioInfo;
import io.samsa.compat.scenario.ScenarioResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One batch in one client process. A reader thread turns the process's stdout into protocol
 * messages (other lines go to the batch's log file, after the process's stderr); {@link #run}
 * takes messages until the scenario's result arrives, carrying out broker controls on the way.
 * A scenario without a result within its timeout (plus a grace for the process's start-up) ends
 * the process; so does a process that exits early, and every later scenario of the batch fails
 * with the log's tail.
 *
 * <p>{@link #run} and {@link #close} are called from one thread; the reader thread only queues.
 */
final class ProcessSession implements ClientSession {
    /** What a batch's process may take beyond a scenario's own timeout (its start-up, for one). */
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);
    private static final int LOG_TAIL_LINES = 12;
    private static final int LOG_LINE_CHARS = 300;
    private static final Object END = new Object();

    private final String client;
    private final BrokerUnderTest broker;
    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final Duration grace;
    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final Map<String, ScenarioResult> early = new HashMap<>();
    private String dead;

    private ProcessSession(String client, BrokerUnderTest broker, Process process, Path log, Duration grace) {
        this.client = client;
        this.grace = grace;
        this.broker = broker;
        this.process = process;
        this.log = log;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static ProcessSession start(String client, BrokerUnderTest broker, List<String> command, Path directory, Path log,
                                Duration grace) throws IOException {
        Files.writeString(log, "### compat-tests: " + String.join(" ", command) + System.lineSeparator(),
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).directory(directory.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ProcessSession session = new ProcessSession(client, broker, process, log, grace);
        Thread reader = new Thread(session::readStdout, "compat-" + client + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return session;
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    var message = ChildProtocol.parse(line);
                    if (message.isPresent()) {
                        messages.add(message.get());
                    } else {
                        appendLog(List.of(line));
                    }
                } catch (IllegalArgumentException e) {
                    appendLog(List.of("(unreadable protocol line: " + e.getMessage() + ") " + line));
                }
            }
        } catch (IOException e) {
            appendLog(List.of("(stdout read failed: " + e + ")"));
        } finally {
            messages.add(END);
        }
    }

    @Override
    public ScenarioResult run(ScenarioInfo scenario) {
        long start = System.nanoTime();
        if (early.containsKey(scenario.name())) {
            return early.remove(scenario.name());
        }
        if (dead != null) {
            return new ScenarioResult(scenario.name(), client, broker.name(), ScenarioResult.Status.FAIL, Map.of(),
                List.of(dead + " (see the batch's first failure)"), 0);
        }
        Deadline deadline = Deadline.after(scenario.timeout().plus(grace));
        try {
            while (true) {
                Object next = messages.poll(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    dead = "no result from the client process within " + deadline.elapsedMillis() / 1000
                        + " s; the process was stopped";
                    process.destroyForcibly();
                    return failed(scenario, dead, start);
                }
                if (next == END) {
                    messages.add(END);
                    dead = "the client process ended (exit code " + exitCode() + ") without a result";
                    return failed(scenario, dead, start);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> message = (Map<String, Object>) next;
                if ("control".equals(message.get("type"))) {
                    control(String.valueOf(message.get("action")));
                } else if ("result".equals(message.get("type"))) {
                    ScenarioResult result = ChildProtocol.result(message, client, broker.name());
                    if (result.scenario().equals(scenario.name())) {
                        return result;
                    }
                    early.put(result.scenario(), result);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(scenario, "interrupted", start);
        }
    }

    /** Carries out a broker control for the client, then tells it the (unchanged) address. */
    private void control(String action) {
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            switch (action) {
                case "stop" -> broker.stop();
                case "start" -> broker.start();
                case "kill" -> broker.kill();
                case "restart" -> broker.restart();
                default -> throw new IllegalArgumentException("unknown control action " + action);
            }
            reply.put("ok", true);
            reply.put("bootstrap", broker.bootstrapServers());
        } catch (RuntimeException e) {
            reply.put("ok", false);
            reply.put("error", String.valueOf(e.getMessage()));
        }
        try {
            stdin.write(Json.write(reply) + "\n");
            stdin.flush();
        } catch (IOException e) {
            appendLog(List.of("(cannot answer the control " + action + ": " + e + ")"));
        }
    }

    private ScenarioResult failed(ScenarioInfo scenario, String why, long startNanos) {
        return new ScenarioResult(scenario.name(), client, broker.name(), ScenarioResult.Status.FAIL, Map.of(),
            List.of(why + logTail()), (System.nanoTime() - startNanos) / 1_000_000);
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "none yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private synchronized void appendLog(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            Files.write(log, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log only helps a human
        }
    }

    /** The end of the batch's log (without the suite's own markers), for a failure message. */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.startsWith("### compat-tests"))
                .map(l -> l.length() > LOG_LINE_CHARS ? l.substring(0, LOG_LINE_CHARS) + "..." : l).toList();
            return "; last lines of " + log + ": "
                + String.join(" / ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process may be gone already
        }
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
