package io.samsa.broker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs external client tools (kcat, ...) with a bounded time, capturing their output. */
public final class Processes {
    private Processes() {
    }

    /** The outcome of one finished process. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }

    /** Whether a program is on the PATH. */
    public static boolean onPath(String program) {
        try {
            return run(List.of("sh", "-c", "command -v " + program), null, 10).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code command} feeding {@code stdin} (may be null), killing it after {@code timeoutSeconds}. */
    public static Result run(List<String> command, String stdin, int timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s; stderr:\n"
                        + err.getNow(""));
            }
            return new Result(process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(e);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
