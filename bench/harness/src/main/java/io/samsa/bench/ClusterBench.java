package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * {@code bench/cluster.sh} ({@code bench/run.sh --cluster}): rounds of a 3-node Apache Kafka cluster
 * then a 3-node Samsa cluster, each through the same {@link ClusterWorkload}, and a
 * {@link ClusterReport} of the medians and the per-round ratios.
 */
final class ClusterBench {
    private ClusterBench() {
    }

    static void main(String[] args) throws IOException {
        ClusterOptions options;
        try {
            options = ClusterOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ClusterOptions.USAGE);
            System.exit(2);
            return;
        }
        run(options);
    }

    private static void run(ClusterOptions options) throws IOException {
        String kafkaClasspath = Bench.readClasspath(options.kafkaClasspathFile());
        String toolsClasspath = Bench.readClasspath(options.toolsClasspathFile());
        if (options.brokers().contains("samsa") && !Files.isRegularFile(options.samsaJar())) {
            throw new IOException("no Samsa jar at " + options.samsaJar());
        }
        Files.createDirectories(options.workDir());
        ZonedDateTime started = ZonedDateTime.now();
        List<String> machine = Machine.describe(options.workDir());
        machine.forEach(line -> System.out.println("machine: " + line));
        Path csv = options.report().resolveSibling(
            options.report().getFileName().toString().replaceFirst("\\.md$", "") + "-raw.csv");
        Results results = new Results(csv);
        ClusterWorkload workload = new ClusterWorkload(options, new KafkaTools(toolsClasspath, options.workDir()),
            results);
        for (int round = 1; round <= options.rounds(); round++) {
            for (String name : options.brokers()) {
                Path workDir = options.workDir().resolve("round" + round + "-" + name);
                Bench.deleteRecursively(workDir);
                Cluster cluster = Cluster.of(name, workDir, options.brokerJvmOptions(), kafkaClasspath,
                    options.samsaJar());
                try {
                    workload.run(cluster, round);
                } catch (IOException | RuntimeException e) {
                    results.failure(name, round, "the turn", e);
                } finally {
                    cluster.stop();
                    if (!options.keepWork()) {
                        deleteData(cluster);
                    }
                }
            }
        }
        new ClusterReport(options, results, Bench.version(kafkaClasspath, "kafka_2.13"),
            Bench.version(toolsClasspath, "kafka-tools"), started, machine).write(options.report());
        System.out.println("report: " + options.report().toAbsolutePath() + " (raw values: " + csv.toAbsolutePath() + ")");
    }

    /** Removes the nodes' record and Raft data, keeping configurations, logs and tool outputs. */
    static void deleteData(Cluster cluster) {
        for (BrokerProcess node : cluster.nodes()) {
            Bench.deleteRecursively(node.dataDir());
            if (node instanceof SamsaClusterNode samsa) {
                Bench.deleteRecursively(samsa.metadataDir());
            }
        }
    }
}
