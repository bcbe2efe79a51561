package io.samsa.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@code bench/cluster.sh} ({@code bench/run.sh --cluster}), parsed once. Every
 * option has a default that gives the full 3-node comparison; {@code --quick} shrinks it to a check
 * of the set-up.
 */
record ClusterOptions(int rounds, long records, long warmupRecords, int pacedRate, int pacedSeconds, int idleSeconds,
                      Path workDir, Path report,
                      Path samsaJar, Path kafkaClasspathFile, Path toolsClasspathFile, List<String> brokerJvmOptions,
                      List<String> brokers, boolean keepWork) {

    static final String USAGE = String.join(System.lineSeparator(),
        "usage: java -jar samsa-bench.jar cluster [options]",
        "  --rounds N              rounds of a Kafka cluster then a Samsa cluster (default 3)",
        "  --records N             records of the measured producer run, 1 KiB each (default 500000)",
        "  --warmup-records N      untimed producer records after the topic is created (default 200000)",
        "  --paced-rate N          records/s of the paced latency run, 0 for none (default 2000)",
        "  --paced-seconds N       length of the paced latency run (default 20)",
        "  --idle-seconds N        idle time before the idle RSS is read (default 5)",
        "  --work-dir DIR          the clusters' work directories (default bench/target/work-cluster)",
        "  --report FILE           Markdown report (default bench/results/<date>-cluster.md)",
        SharedOptions.FILES_USAGE,
        "  --broker-jvm-opts 'O..' JVM flags of every node (default: Kafka's start script's)",
        "  --brokers kafka,samsa   which clusters, in the order of each round",
        "  --keep-work             keep the data directories",
        "  --quick                 1 round, 100000 records, 20000 warm-up, 5 s paced run, 2 s idle");

    static ClusterOptions parse(String[] args) {
        int pacedRate = 2000;
        int pacedSeconds = 20;
        SharedOptions shared = new SharedOptions(500_000, "target/work-cluster", "-cluster.md");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--paced-rate" -> pacedRate = Integer.parseInt(SharedOptions.value(args, ++i, arg));
                case "--paced-seconds" -> pacedSeconds = Integer.parseInt(SharedOptions.value(args, ++i, arg));
                case "--quick" -> {
                    shared.quick();
                    pacedSeconds = 5;
                }
                default -> i = shared.parse(args, i);
            }
        }
        shared.checkBrokers();
        if (shared.rounds < 1 || shared.records < 1 || shared.warmupRecords < 0 || shared.idleSeconds < 0
                || pacedRate < 0 || pacedSeconds < 1) {
            throw new IllegalArgumentException("rounds and records must be positive, warm-up and idle not negative");
        }
        return new ClusterOptions(shared.rounds, shared.records, shared.warmupRecords, pacedRate, pacedSeconds,
            shared.idleSeconds, shared.workDir, shared.report, shared.samsaJar, shared.kafkaClasspathFile,
            shared.toolsClasspathFile, shared.brokerJvmOptions, List.copyOf(shared.brokers), shared.keepWork);
    }
}
