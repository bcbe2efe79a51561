package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own load tools ({@code org.apache.kafka.tools}, from the classpath {@code bench/tools}
 * resolved) run as child JVMs with the flags of Kafka's {@code kafka-*-perf-test.sh} scripts, so
 * both brokers face the same clients. Each run's output is kept in the work directory; parsing is
 * left to {@link ToolResults}.
 */
final class KafkaTools {
    /** kafka-run-class.sh's performance options with the perf-test scripts' 512 MiB heap. */
    static final List<String> CLIENT_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
        "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
        // The tools print numbers with the default locale; the parser expects '.' decimals.
        "-Duser.language=en", "-Duser.country=US");

    private final String classpath;
    private final Path log4jConfig;

    KafkaTools(String classpath, Path workRoot) throws IOException {
        this.classpath = classpath;
        this.log4jConfig = workRoot.resolve("tools-log4j2.properties");
        Files.createDirectories(workRoot);
        // WARN and above to stderr (kept in the run's output file), as Kafka's tools-log4j2.yaml does.
        Files.writeString(log4jConfig, String.join(System.lineSeparator(),
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.err.ref = err",
            "appender.err.type = Console",
            "appender.err.name = err",
            "appender.err.target = SYSTEM_ERR",
            "appender.err.layout.type = PatternLayout",
            "appender.err.layout.pattern = [%d] %p %m (%c)%n",
            ""));
    }

    /** The output of one tool run: its lines (stdout and stderr interleaved) and how it ended. */
    record Run(String tool, List<String> lines, int exitCode, double seconds, Path outputFile) {
        boolean succeeded() {
            return exitCode == 0;
        }

        String tail() {
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
    }

    /**
     * Runs {@code org.apache.kafka.tools.<tool>} to completion (killed by PID after the timeout).
     *
     * @param outputFile where the tool's output goes (overwritten)
     */
    Run run(String tool, List<String> arguments, Path outputFile, long timeoutSeconds) throws IOException {
        List<String> jvm = new ArrayList<>(CLIENT_JVM_OPTIONS);
        jvm.add("-Dlog4j2.configurationFile=" + log4jConfig);
        jvm.add("-cp");
        jvm.add(classpath);
        List<String> main = new ArrayList<>();
        main.add("org.apache.kafka.tools." + tool);
        main.addAll(arguments);
        List<String> command = BrokerProcess.java(jvm, main);
        Files.createDirectories(outputFile.getParent());
        Files.writeString(outputFile, "### " + String.join(" ", main) + System.lineSeparator());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
            .start();
        int exitCode;
        try {
            if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                exitCode = process.exitValue();
            } else {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                exitCode = -1;
                Files.writeString(outputFile, "### killed after " + timeoutSeconds + " s" + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + tool + " ran", e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Run(tool, Files.readAllLines(outputFile), exitCode, seconds, outputFile);
    }
}
