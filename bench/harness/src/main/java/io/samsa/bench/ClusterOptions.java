package io.samsa.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
        "  --samsa-jar FILE        (default bench/target/samsa.jar)",
        "  --kafka-classpath FILE  (default bench/target/kafka-broker.classpath)",
        "  --tools-classpath FILE  (default bench/target/kafka-tools.classpath)",
        "  --broker-jvm-opts 'O..' JVM flags of every node (default: Kafka's start script's)",
        "  --brokers kafka,samsa   which clusters, in the order of each round",
        "  --keep-work             keep the data directories",
        "  --quick                 1 round, 100000 records, 20000 warm-up, 5 s paced run, 2 s idle");

    static ClusterOptions parse(String[] args) {
        int rounds = 3;
        long records = 500_000;
        long warmup = 200_000;
        int idle = 5;
        int pacedRate = 2000;
        int pacedSeconds = 20;
        Path bench = Path.of(System.getProperty("bench.dir", "bench"));
        Path work = bench.resolve("target/work-cluster");
        Path report = bench.resolve("results").resolve(LocalDate.now() + "-cluster.md");
        Path jar = bench.resolve("target/samsa.jar");
        Path kafkaCp = bench.resolve("target/kafka-broker.classpath");
        Path toolsCp = bench.resolve("target/kafka-tools.classpath");
        List<String> jvm = BenchOptions.DEFAULT_BROKER_JVM_OPTIONS;
        List<String> brokers = List.of("kafka", "samsa");
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, arg));
                case "--records" -> records = Long.parseLong(value(args, ++i, arg));
                case "--warmup-records" -> warmup = Long.parseLong(value(args, ++i, arg));
                case "--idle-seconds" -> idle = Integer.parseInt(value(args, ++i, arg));
                case "--paced-rate" -> pacedRate = Integer.parseInt(value(args, ++i, arg));
                case "--paced-seconds" -> pacedSeconds = Integer.parseInt(value(args, ++i, arg));
                case "--work-dir" -> work = Path.of(value(args, ++i, arg));
                case "--report" -> report = Path.of(value(args, ++i, arg));
                case "--samsa-jar" -> jar = Path.of(value(args, ++i, arg));
                case "--kafka-classpath" -> kafkaCp = Path.of(value(args, ++i, arg));
                case "--tools-classpath" -> toolsCp = Path.of(value(args, ++i, arg));
                case "--broker-jvm-opts" -> jvm = words(value(args, ++i, arg));
                case "--brokers" -> brokers = Arrays.asList(value(args, ++i, arg).split(","));
                case "--keep-work" -> keep = true;
                case "--quick" -> {
                    rounds = 1;
                    records = 100_000;
                    warmup = 20_000;
                    pacedSeconds = 5;
                    idle = 2;
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        for (String broker : brokers) {
            if (!broker.equals("kafka") && !broker.equals("samsa")) {
                throw new IllegalArgumentException("--brokers takes kafka and/or samsa, not " + broker);
            }
        }
        if (rounds < 1 || records < 1 || warmup < 0 || idle < 0 || pacedRate < 0 || pacedSeconds < 1) {
            throw new IllegalArgumentException("rounds and records must be positive, warm-up and idle not negative");
        }
        return new ClusterOptions(rounds, records, warmup, pacedRate, pacedSeconds, idle, work, report, jar, kafkaCp, toolsCp, jvm,
            List.copyOf(brokers), keep);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

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
