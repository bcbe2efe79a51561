package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Function;

/**
 * What both benchmark commands ({@link Bench}, {@link ClusterBench}) establish before their first
 * round: the brokers' and tools' classpaths, the Samsa jar's presence, the work directory, the start
 * time, the machine's description (printed as it is read) and the raw-values file next to the report.
 */
record RunStart(String kafkaClasspath, String toolsClasspath, ZonedDateTime started, List<String> machine,
                Path csv) {

    /**
     * Parses the command line, or prints why it cannot be parsed and the usage and exits with 2.
     */
    static <T> T parseOrExit(String[] args, Function<String[], T> parse, String usage) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            throw e;
        }
    }

    /** @throws IOException if a classpath file is missing, or samsa is to run and its jar is missing */
    static RunStart of(Path kafkaClasspathFile, Path toolsClasspathFile, List<String> brokers, Path samsaJar,
                       Path workDir, Path report) throws IOException {
        String kafkaClasspath = Bench.readClasspath(kafkaClasspathFile);
        String toolsClasspath = Bench.readClasspath(toolsClasspathFile);
        if (brokers.contains("samsa") && !Files.isRegularFile(samsaJar)) {
            throw new IOException("no Samsa jar at " + samsaJar);
        }
        Files.createDirectories(workDir);
        ZonedDateTime started = ZonedDateTime.now();
        List<String> machine = Machine.describe(workDir);
        machine.forEach(line -> System.out.println("machine: " + line));
        Path csv = report.resolveSibling(report.getFileName().toString().replaceFirst("\\.md$", "") + "-raw.csv");
        return new RunStart(kafkaClasspath, toolsClasspath, started, machine, csv);
    }

    String kafkaVersion() {
        return Bench.version(kafkaClasspath, "kafka_2.13");
    }

    String toolsVersion() {
        return Bench.version(toolsClasspath, "kafka-tools");
    }

    void printWhereWritten(Path report) {
        System.out.println("report: " + report.toAbsolutePath() + " (raw values: " + csv.toAbsolutePath() + ")");
    }
}
