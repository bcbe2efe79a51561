package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code bench/cluster.sh} ({@code bench/run.sh --cluster}): rounds of a 3-node Apache Kafka cluster
 * then a 3-node Samsa cluster, each through the same {@link ClusterWorkload}, and a
 * {@link ClusterReport} of the medians and the per-round ratios.
 */
final class ClusterBench {
    private ClusterBench() {
    }

    static void main(String[] args) throws IOException {
        run(RunStart.parseOrExit(args, ClusterOptions::parse, ClusterOptions.USAGE));
    }

    private static void run(ClusterOptions options) throws IOException {
        RunStart start = RunStart.of(options.kafkaClasspathFile(), options.toolsClasspathFile(), options.brokers(),
            options.samsaJar(), options.workDir(), options.report());
        Results results = new Results(start.csv());
        ClusterWorkload workload = new ClusterWorkload(options,
            new KafkaTools(start.toolsClasspath(), options.workDir()), results);
        for (int round = 1; round <= options.rounds(); round++) {
            for (String name : options.brokers()) {
                Path workDir = options.workDir().resolve("round" + round + "-" + name);
                Bench.deleteRecursively(workDir);
                Cluster cluster = Cluster.of(name, workDir, options.brokerJvmOptions(), start.kafkaClasspath(),
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
        new ClusterReport(options, results, start.kafkaVersion(), start.toolsVersion(), start.started(),
            start.machine()).write(options.report());
        start.printWhereWritten(options.report());
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
