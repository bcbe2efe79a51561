package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One cluster's turn in one round of the 3-node comparison, always in the same order: launch the
 * three nodes (start-up), stay idle (idle RSS per node), create the 6-partition topic with
 * replication factor 3 and {@code min.insync.replicas=2}, an untimed warm-up, the measured
 * {@code acks=all} ProducerPerformance run (throughput, latency percentiles, the nodes' CPU time),
 * a paced run at a fixed rate both clusters sustain (latency without the producer's own queueing:
 * unthrottled, ProducerPerformance's latency is mostly the time a record waits in the producer's
 * full {@code buffer.memory}, about 32 MiB divided by the throughput), RSS per node after the load,
 * stop. A failed step is recorded as a failure, never as a zero.
 */
final class ClusterWorkload extends TurnWorkload<ClusterOptions> {
    static final String TOPIC = "bench-cluster";
    static final int PARTITIONS = 6;
    static final int RECORD_SIZE = 1024;
    static final long TOOL_TIMEOUT_SECONDS = 900;
    static final long START_TIMEOUT_SECONDS = 180;
    /** How long topic creation is retried while the new cluster's brokers register. */
    private static final long CREATE_DEADLINE_SECONDS = 90;

    ClusterWorkload(ClusterOptions options, KafkaTools tools, Results results) {
        super(options, tools, results);
    }

    void run(Cluster cluster, int round) throws IOException {
        String name = cluster.name();
        announce(round, name + " cluster", cluster.workDir());
        results.add(name, round, Figure.CLUSTER_STARTUP_MS, cluster.start(START_TIMEOUT_SECONDS));
        try {
            idle(options.idleSeconds());
            results.add(name, round, Figure.CLUSTER_RSS_IDLE_MIB, mean(rss(cluster)));
            createTopic(tools, cluster, output(cluster, "create"));
            describeTopic(tools, cluster, output(cluster, "describe"));
            if (options.warmupRecords() > 0) {
                produce(tools, cluster, options.warmupRecords(), output(cluster, "warmup"));
            }
            if (!cluster.allRunning()) {
                throw new IOException(name + ": a node is no longer running; see " + cluster.workDir());
            }
            try {
                measuredProduce(cluster, round);
            } catch (IllegalStateException | IOException e) {
                results.failure(name, round, Figure.CLUSTER_PRODUCE.label(), e);
            }
            if (options.pacedRate() > 0 && cluster.allRunning()) {
                try {
                    pacedProduce(cluster, round);
                } catch (IllegalStateException | IOException e) {
                    results.failure(name, round, Figure.CLUSTER_PACED_P99_MS.label(), e);
                }
            }
            if (cluster.allRunning()) {
                double[] after = rss(cluster);
                System.out.printf(Locale.ROOT, "         RSS per node after the load: %s MiB%n", list(after));
                results.add(name, round, Figure.CLUSTER_RSS_AFTER_LOAD_MIB, mean(after));
                results.add(name, round, Figure.CLUSTER_RSS_AFTER_LOAD_MAX_MIB, max(after));
                double[] peak = new double[Cluster.NODES];
                for (int i = 0; i < peak.length; i++) {
                    peak[i] = ProcStatus.peakRssMiB(cluster.nodes().get(i).pid());
                }
                results.add(name, round, Figure.CLUSTER_RSS_PEAK_MIB, max(peak));
            }
        } finally {
            cluster.stop();
        }
    }

    private void measuredProduce(Cluster cluster, int round) throws IOException {
        String name = cluster.name();
        double cpuBefore = cpuSeconds(cluster);
        KafkaTools.Run out = produce(tools, cluster, options.records(), output(cluster, "produce"));
        double cpu = cpuSeconds(cluster) - cpuBefore;
        ToolResults.Producer p = ToolResults.Producer.parseClean(out, options.records());
        results.add(name, round, Figure.CLUSTER_PRODUCE, p.recordsPerSec());
        results.add(name, round, Figure.CLUSTER_PRODUCE_P50_MS, p.p50LatencyMs());
        results.add(name, round, Figure.CLUSTER_PRODUCE_P99_MS, p.p99LatencyMs());
        results.add(name, round, Figure.CLUSTER_PRODUCE_P999_MS, p.p999LatencyMs());
        results.add(name, round, Figure.CLUSTER_PRODUCE_AVG_MS, p.avgLatencyMs());
        if (!Double.isNaN(cpu)) {
            results.add(name, round, Figure.CLUSTER_CPU_S_PER_GIB,
                cpu / (p.records() * (double) RECORD_SIZE / (1L << 30)));
        }
        System.out.printf(Locale.ROOT, "         %.0f produce requests, %.1f records/request%n",
            p.requests(), p.recordsPerRequest());
    }

    private void pacedProduce(Cluster cluster, int round) throws IOException {
        long records = (long) options.pacedRate() * options.pacedSeconds();
        KafkaTools.Run out = produce(tools, cluster, records, options.pacedRate(), output(cluster, "paced"));
        ToolResults.Producer p = ToolResults.Producer.parseClean(out, records);
        results.add(cluster.name(), round, Figure.CLUSTER_PACED_P50_MS, p.p50LatencyMs());
        results.add(cluster.name(), round, Figure.CLUSTER_PACED_P99_MS, p.p99LatencyMs());
        if (p.recordsPerSec() < 0.95 * options.pacedRate()) {
            System.out.printf(Locale.ROOT, "         the paced run reached only %.0f of %d records/s%n",
                p.recordsPerSec(), options.pacedRate());
        }
    }

    /** Creates the topic, retrying while the cluster's brokers are still registering (bounded). */
    static void createTopic(KafkaTools tools, Cluster cluster, Path output) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CREATE_DEADLINE_SECONDS);
        while (true) {
            KafkaTools.Run out = tools.run("TopicCommand", List.of("--bootstrap-server", cluster.bootstrapServers(),
                "--create", "--topic", TOPIC, "--partitions", Integer.toString(PARTITIONS),
                "--replication-factor", Integer.toString(Cluster.NODES), "--config", "min.insync.replicas=2"),
                output, TOOL_TIMEOUT_SECONDS);
            if (out.succeeded()) {
                return;
            }
            if (System.nanoTime() > deadline || !cluster.allRunning()) {
                throw new IOException("creating " + TOPIC + " failed; see " + out.outputFile()
                    + System.lineSeparator() + out.tail());
            }
            // A back-off between attempts, not a synchronisation: the next attempt checks again.
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
    }

    /** The partitions' leaders and replicas as the cluster reports them, kept in the turn's tool output. */
    static KafkaTools.Run describeTopic(KafkaTools tools, Cluster cluster, Path output) throws IOException {
        return tools.run("TopicCommand", List.of("--bootstrap-server", cluster.bootstrapServers(), "--describe",
            "--topic", TOPIC), output, TOOL_TIMEOUT_SECONDS);
    }

    static KafkaTools.Run produce(KafkaTools tools, Cluster cluster, long records, Path output) throws IOException {
        return produce(tools, cluster, records, -1, output);
    }

    /** @param throughput records/s ProducerPerformance paces itself to, or -1 for as fast as it can */
    static KafkaTools.Run produce(KafkaTools tools, Cluster cluster, long records, int throughput, Path output)
        throws IOException {
        return tools.run("ProducerPerformance", List.of("--bootstrap-server", cluster.bootstrapServers(),
            "--topic", TOPIC, "--num-records", Long.toString(records), "--record-size", Integer.toString(RECORD_SIZE),
            "--throughput", Integer.toString(throughput), "--print-metrics",
            "--command-property", "acks=all", "batch.size=65536", "linger.ms=5"), output, TOOL_TIMEOUT_SECONDS);
    }

    private static double[] rss(Cluster cluster) throws IOException {
        double[] rss = new double[Cluster.NODES];
        for (int i = 0; i < rss.length; i++) {
            rss[i] = ProcStatus.rssMiB(cluster.nodes().get(i).pid());
        }
        return rss;
    }

    private static double cpuSeconds(Cluster cluster) {
        double sum = 0;
        for (BrokerProcess node : cluster.nodes()) {
            sum += ProcStatus.cpuSeconds(node.pid());
        }
        return sum;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static String list(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(String.format(Locale.ROOT, "%.0f", v));
        }
        return String.join(" / ", parts);
    }

    private static Path output(Cluster cluster, String name) {
        return cluster.workDir().resolve("tools").resolve(name + ".txt");
    }
}
