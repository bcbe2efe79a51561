package io.samsa.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options {@code bench/run.sh} ({@link BenchOptions}) and {@code bench/cluster.sh}
 * ({@link ClusterOptions}) share: rounds, records, warm-up and idle time, where the work and the
 * report go, the jars and classpaths, the brokers' JVM flags, which brokers, and whether their data
 * is kept. Parsed in one place so the two command lines cannot drift apart.
 */
final class SharedOptions {
    /** The usage lines of the jar and classpath options, the same in both commands. */
    static final String FILES_USAGE = String.join(System.lineSeparator(),
        "  --samsa-jar FILE        (default bench/target/samsa.jar)",
        "  --kafka-classpath FILE  (default bench/target/kafka-broker.classpath)",
        "  --tools-classpath FILE  (default bench/target/kafka-tools.classpath)");

    int rounds = 3;
    long records;
    long warmupRecords = 200_000;
    int idleSeconds = 5;
    Path workDir;
    Path report;
    Path samsaJar;
    Path kafkaClasspathFile;
    Path toolsClasspathFile;
    List<String> brokerJvmOptions = BenchOptions.DEFAULT_BROKER_JVM_OPTIONS;
    List<String> brokers = List.of("kafka", "samsa");
    boolean keepWork;

    /**
     * @param records the default number of records of a measured producer run
     * @param workDir the default work directory, relative to the bench directory
     * @param reportSuffix what follows the date in the default report's file name
     */
    SharedOptions(long records, String workDir, String reportSuffix) {
        this.records = records;
        Path bench = Path.of(System.getProperty("bench.dir", "bench"));
        this.workDir = bench.resolve(workDir);
        this.report = bench.resolve("results").resolve(LocalDate.now() + reportSuffix);
        this.samsaJar = bench.resolve("target/samsa.jar");
        this.kafkaClasspathFile = bench.resolve("target/kafka-broker.classpath");
        this.toolsClasspathFile = bench.resolve("target/kafka-tools.classpath");
    }

    /**
     * Takes {@code args[index]} (and its value) as one of the shared options.
     *
     * @return the index of the last word taken
     * @throws IllegalArgumentException if it is not a shared option, or its value is missing
     */
    int parse(String[] args, int index) {
        int i = index;
        String arg = args[i];
        switch (arg) {
            case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, arg));
            case "--records" -> records = Long.parseLong(value(args, ++i, arg));
            case "--warmup-records" -> warmupRecords = Long.parseLong(value(args, ++i, arg));
            case "--idle-seconds" -> idleSeconds = Integer.parseInt(value(args, ++i, arg));
            case "--work-dir" -> workDir = Path.of(value(args, ++i, arg));
            case "--report" -> report = Path.of(value(args, ++i, arg));
            case "--samsa-jar" -> samsaJar = Path.of(value(args, ++i, arg));
            case "--kafka-classpath" -> kafkaClasspathFile = Path.of(value(args, ++i, arg));
            case "--tools-classpath" -> toolsClasspathFile = Path.of(value(args, ++i, arg));
            case "--broker-jvm-opts" -> brokerJvmOptions = words(value(args, ++i, arg));
            case "--brokers" -> brokers = Arrays.asList(value(args, ++i, arg).split(","));
            case "--keep-work" -> keepWork = true;
            default -> throw new IllegalArgumentException("unknown option " + arg);
        }
        return i;
    }

    /** What {@code --quick} does to the shared options: 1 round, 100000 records, 20000 warm-up, 2 s idle. */
    void quick() {
        rounds = 1;
        records = 100_000;
        warmupRecords = 20_000;
        idleSeconds = 2;
    }

    /** @throws IllegalArgumentException if {@code --brokers} named something other than kafka or samsa */
    void checkBrokers() {
        for (String broker : brokers) {
            if (!broker.equals("kafka") && !broker.equals("samsa")) {
                throw new IllegalArgumentException("--brokers takes kafka and/or samsa, not " + broker);
            }
        }
    }

    static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** The words of a flag list as a shell would split it, without empty ones. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
