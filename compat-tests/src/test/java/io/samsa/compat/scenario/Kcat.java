package io.samsa.compat.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code kcat} command (Debian's package: kcat with the system's librdkafka), run as a user
 * runs it: one process per command line, stdin fed and stdout / stderr captured, bounded by a
 * timeout. Its scenarios are {@link KcatScenarios}.
 */
public final class Kcat {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final String VERSION = version();

    private Kcat() {
    }

    /** What one kcat command did. */
    public record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isEmpty()).toList();
        }
    }

    /** {@code kcat-1.7.1-librdkafka-2.0.2}, or {@code kcat} when it is not installed. */
    public static String clientName() {
        return VERSION == null ? "kcat" : "kcat-" + VERSION;
    }

    public static Optional<String> unavailable() {
        return VERSION == null ? Optional.of("kcat is not on the PATH (Debian: apt-get install kcat)") : Optional.empty();
    }

    private static String version() {
        try {
            Process process = new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            Matcher kcat = Pattern.compile("Version (\\S+)").matcher(text);
            Matcher librdkafka = Pattern.compile("librdkafka (\\S+)").matcher(text);
            if (!kcat.find()) {
                return null;
            }
            return kcat.group(1) + (librdkafka.find() ? "-librdkafka-" + librdkafka.group(1) : "");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Runs {@code kcat -b <bootstrap> <arguments>} with {@code stdin} (may be null). */
    public static Result run(String bootstrap, List<String> arguments, String stdin) throws IOException {
        return run(bootstrap, arguments, stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8), DEFAULT_TIMEOUT);
    }

    public static Result run(String bootstrap, List<String> arguments, byte[] stdin, Duration timeout)
        throws IOException {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", bootstrap));
        command.addAll(arguments);
        Path input = Files.createTempFile("kcat-stdin", ".txt");
        try {
            Files.write(input, stdin == null ? new byte[0] : stdin);
            Process process = new ProcessBuilder(command).redirectInput(input.toFile()).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("kcat did not exit within " + timeout.toSeconds() + " s: " + command);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
