package io.samsa.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@code bench/run.sh} (after the build steps), parsed once. Every option has a
 * default that gives the full comparison; {@code --quick} shrinks the work for debugging the harness.
 */
record BenchOptions(int rounds, long records, int e2eRecords, long warmupRecords, int idleSeconds,
                    Path workDir, Path report, Path samsaJar, Path kafkaClasspathFile, Path toolsClasspathFile,
                    List<String> brokerJvmOptions, List<String> brokers, boolean keepWork) {

    /** Kafka's kafka-server-start.sh heap and kafka-run-class.sh performance options, for both brokers. */
    static final List<String> DEFAULT_BROKER_JVM_OPTIONS = List.of("-Xmx1G", "-Xms1G", "-server", "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
        "-XX:MaxInlineLevel=15", "-Djava.awt.headless=true");

    static final String USAGE = String.join(System.lineSeparator(),
        "usage: java -jar samsa-bench.jar [options]",
        "  --rounds N              rounds of Kafka then Samsa (default 3)",
        "  --records N             records per producer run, 1 KiB each (default 1500000)",
        "  --e2e-records N         records of the end-to-end latency run (default 10000)",
        "  --warmup-records N      untimed producer records after start-up (default 200000)",
        "  --idle-seconds N        idle time before the idle RSS is read (default 5)",
        "  --work-dir DIR          brokers' work directories (default bench/target/work)",
        "  --report FILE           Markdown report (default bench/results/<date>.md)",
        SharedOptions.FILES_USAGE,
        "  --broker-jvm-opts 'O..' JVM flags of both brokers (default: Kafka's start script's)",
        "  --brokers kafka,samsa   which brokers, in the order of each round",
        "  --keep-work             keep the data directories",
        "  --quick                 1 round, 100000 records, 1000 latency records, 20000 warm-up");

    static BenchOptions parse(String[] args) {
        int e2eRecords = 10_000;
        SharedOptions shared = new SharedOptions(1_500_000, "target/work", ".md");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--e2e-records" -> e2eRecords = Integer.parseInt(SharedOptions.value(args, ++i, arg));
                case "--quick" -> {
                    shared.quick();
                    e2eRecords = 1_000;
                }
                default -> i = shared.parse(args, i);
            }
        }
        shared.checkBrokers();
        if (shared.rounds < 1 || shared.records < 1 || e2eRecords < 1 || shared.idleSeconds < 0) {
            throw new IllegalArgumentException("rounds, records and e2e records must be positive");
        }
        return new BenchOptions(shared.rounds, shared.records, e2eRecords, shared.warmupRecords, shared.idleSeconds,
            shared.workDir, shared.report, shared.samsaJar, shared.kafkaClasspathFile, shared.toolsClasspathFile,
            shared.brokerJvmOptions, List.copyOf(shared.brokers), shared.keepWork);
    }
}
