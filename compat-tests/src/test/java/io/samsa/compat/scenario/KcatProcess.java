package io.samsa.compat.scenario;

import io.samsa.compat.Deadline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A kcat command that keeps running while a scenario goes on (a balanced consumer that others
 * join, a producer fed while the broker restarts): its stdin is written as the scenario goes, and
 * its stdout and stderr lines are collected as they come. {@link #await} waits for a condition on
 * them, woken by every new line, against a deadline. {@link #terminate} is a user's Ctrl-C
 * (SIGTERM: kcat closes its consumer, which leaves the group), {@link #kill} a crash (SIGKILL).
 *
 * <p>Thread use: one scenario thread calls the methods; two reader threads append lines.
 */
public final class KcatProcess implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Object lines = new Object();

    private KcatProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        reader(process.getInputStream(), out, "kcat-out");
        reader(process.getErrorStream(), err, "kcat-err");
    }

    /** Starts {@code kcat -b <bootstrap> <arguments>}. */
    public static KcatProcess start(String bootstrap, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", bootstrap));
        command.addAll(arguments);
        return new KcatProcess(new ProcessBuilder(command).start());
    }

    private void reader(InputStream stream, List<String> into, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (lines) {
                        into.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone; what it printed is kept
            } finally {
                synchronized (lines) {
                    lines.notifyAll();
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Every stdout line so far. */
    public List<String> out() {
        synchronized (lines) {
            return List.copyOf(out);
        }
    }

    /** Every stderr line so far (kcat's status lines: group rebalances, errors). */
    public List<String> err() {
        synchronized (lines) {
            return List.copyOf(err);
        }
    }

    /**
     * Waits until {@code done} holds, checking it whenever a line arrives (and at least every
     * 100 ms, for conditions on other things); fails naming {@code what} and the stderr so far.
     */
    public void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        synchronized (lines) {
            while (!done.getAsBoolean()) {
                if (deadline.expired()) {
                    throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; kcat's stderr: " + err);
                }
                lines.wait(Math.max(1, deadline.step(Duration.ofMillis(100)).toMillis()));
            }
        }
    }

    public void write(String text) throws IOException {
        stdin.write(text);
        stdin.flush();
    }

    /** End of input: a producer sends what is left, waits for its delivery reports and exits. */
    public void closeInput() throws IOException {
        stdin.close();
    }

    /** SIGTERM, as Ctrl-C: kcat stops and closes its clients properly. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: the process vanishes without a word to the broker. */
    public void kill() {
        process.destroyForcibly();
    }

    /** The exit code once it has exited; killed and failed when it does not within {@code timeout}. */
    public int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("kcat did not exit within " + timeout.toSeconds() + " s; stderr: " + err());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
