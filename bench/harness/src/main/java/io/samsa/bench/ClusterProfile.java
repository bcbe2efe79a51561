package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/cluster.sh --profile}: where a 3-node cluster's time goes under the benchmark's
 * {@code acks=all} produce load. Every node is the leader of some partitions and a follower of the
 * others, so every node is recorded: a JFR recording on each node around one ProducerPerformance
 * run (started and stopped with {@code jcmd}), each node's CPU time by Java thread name, then
 * {@code strace -c -f} on all three nodes at once around a second run, giving system calls (fsyncs
 * among them) per produce request. Writes {@code <out>/cluster-profile-<broker>.md} and keeps the
 * recordings next to it.
 */
final class ClusterProfile {
    private static final long TIMEOUT_SECONDS = 900;

    private final long records;
    private final long warmupRecords;
    private final long straceRecords;
    private final Path out;
    private final KafkaTools tools;
    private final ProduceSampler sampler;

    private ClusterProfile(long records, long warmupRecords, long straceRecords, Path out, KafkaTools tools,
                           ProduceSampler sampler) {
        this.records = records;
        this.warmupRecords = warmupRecords;
        this.straceRecords = straceRecords;
        this.out = out;
        this.tools = tools;
        this.sampler = sampler;
    }

    static void main(String[] args) throws Exception {
        long records = 500_000;
        long warmup = 200_000;
        long straceRecords = 100_000;
        ProfileOptions shared = new ProfileOptions("target/profile-cluster");
        List<String> jvm = BenchOptions.DEFAULT_BROKER_JVM_OPTIONS;
        Path asyncProfiler = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--warmup-records" -> warmup = Long.parseLong(args[++i]);
                case "--strace-records" -> straceRecords = Long.parseLong(args[++i]);
                case "--broker-jvm-opts" -> jvm = SharedOptions.words(args[++i]);
                case "--async-profiler" -> asyncProfiler = Path.of(args[++i]);
                default -> i = shared.parse(args, i, "(cluster-profile takes --records, --warmup-records, "
                    + "--strace-records, --out, --samsa-jar, --brokers, --broker-jvm-opts, --async-profiler)");
            }
        }
        Path out = shared.out;
        KafkaTools tools = shared.tools();
        String kafkaClasspath = shared.brokers.contains("kafka") ? shared.kafkaClasspath() : "";
        ProduceSampler sampler = asyncProfiler != null ? new AsyncProfiler(asyncProfiler)
            : new ProduceSampler.Jfr(Profile.settings(out));
        ClusterProfile profile = new ClusterProfile(records, warmup, straceRecords, out, tools, sampler);
        for (String name : shared.brokers) {
            Path work = out.resolve(name);
            Bench.deleteRecursively(work);
            Cluster cluster = Cluster.of(name, work, jvm, kafkaClasspath, shared.samsaJar);
            try {
                profile.run(cluster);
            } finally {
                cluster.stop();
                ClusterBench.deleteData(cluster);
            }
        }
    }

    private void run(Cluster cluster) throws IOException {
        List<String> report = new ArrayList<>();
        report.add("## Profile of a 3-node " + cluster.name() + String.format(Locale.ROOT,
            " cluster: %,d records of 1 KiB, acks=all, %d partitions RF=3 (load %s)", records,
            ClusterWorkload.PARTITIONS, ProcStatus.loadAverages()));
        report.add("");
        report.add("Samsa: " + System.getProperty("bench.samsa.label", "unknown build")
            + "; JVM flags of every node as in the benchmark.");
        report.add("");
        cluster.start(ClusterWorkload.START_TIMEOUT_SECONDS);
        ClusterWorkload.createTopic(tools, cluster, output(cluster, "create"));
        KafkaTools.Run describe = ClusterWorkload.describeTopic(tools, cluster, output(cluster, "describe"));
        ClusterWorkload.produce(tools, cluster, warmupRecords, output(cluster, "warmup"));
        report.add("Partition leaders (TopicCommand --describe after creation):");
        report.add("");
        report.add("```");
        describe.lines().stream().filter(l -> l.contains("Partition:")).map(String::trim).forEach(report::add);
        report.add("```");
        report.add("");

        List<BrokerProcess> nodes = cluster.nodes();
        List<ThreadCpu> before = new ArrayList<>();
        for (BrokerProcess node : nodes) {
            sampler.start(node);
        }
        for (BrokerProcess node : nodes) {
            before.add(ThreadCpu.snapshot(node.pid()));
        }
        ToolResults.Producer p = ToolResults.Producer.parse(
            ClusterWorkload.produce(tools, cluster, records, output(cluster, "produce")));
        List<ThreadCpu> after = new ArrayList<>();
        for (BrokerProcess node : nodes) {
            after.add(ThreadCpu.snapshot(node.pid()));
        }
        List<Map<String, String>> names = new ArrayList<>();
        for (BrokerProcess node : nodes) {
            names.add(ThreadCpu.javaThreadNames(threadDump(node)));
            sampler.stop(node);
        }
        report.add(String.format(Locale.ROOT, "Produce: %,.0f records/s, p50 %.0f ms, p99 %.0f ms, %,.0f requests, "
            + "%.1f records/request.", p.recordsPerSec(), p.p50LatencyMs(), p.p99LatencyMs(), p.requests(),
            p.recordsPerRequest()));
        report.add("");
        for (int i = 0; i < nodes.size(); i++) {
            BrokerProcess node = nodes.get(i);
            report.add("### " + node.name() + " (pid " + node.pid() + ")");
            report.add("");
            report.add("```");
            report.add("CPU time by Java thread while producing (digits as N, Ratis group ids as G):");
            report.addAll(after.get(i).since(before.get(i), records, names.get(i)));
            report.add("");
            report.addAll(sampler.summary(node, records));
            report.add("```");
            report.add("");
        }
        if (straceRecords > 0) {
            strace(cluster, report);
        }
        Profile.writeSummary(out.resolve("cluster-profile-" + cluster.name() + ".md"), report);
    }

    /** strace -c -f on all three nodes at once while one more producer runs. */
    private void strace(Cluster cluster, List<String> report) throws IOException {
        List<Process> tracers = new ArrayList<>();
        List<Path> counts = new ArrayList<>();
        try {
            for (BrokerProcess node : cluster.nodes()) {
                Path file = node.workDir().resolve("strace-produce.txt");
                counts.add(file);
                tracers.add(Profile.startStrace(node, file));
            }
            ToolResults.Producer p = ToolResults.Producer.parse(
                ClusterWorkload.produce(tools, cluster, straceRecords, output(cluster, "strace-produce")));
            for (Process tracer : tracers) {
                Profile.stopStrace(tracer);
            }
            tracers.clear();
            report.add(String.format(Locale.ROOT, "## System calls while producing %,d records in %,.0f produce "
                + "requests (%.1f records/request; strace -c -f on every node; counts per produce request of the "
                + "whole cluster)", straceRecords, p.requests(), p.recordsPerRequest()));
            report.add("");
            for (int i = 0; i < counts.size(); i++) {
                StraceCounts c = StraceCounts.parse(counts.get(i));
                report.add("### " + cluster.nodes().get(i).name() + String.format(Locale.ROOT,
                    ": %.2f fsync+fdatasync per produce request", c.calls("fsync", "fdatasync") / p.requests()));
                report.add("");
                report.add("```");
                report.addAll(c.perRequestWithTime(p.requests(), 16));
                report.add("```");
                report.add("");
            }
        } finally {
            tracers.forEach(Process::destroyForcibly);
        }
    }

    private static List<String> threadDump(BrokerProcess node) throws IOException {
        Path file = node.workDir().resolve("threads.txt");
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(node.pid()), "Thread.print").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(file.toFile())).start();
        Profile.awaitExit(jcmd, 60, "jcmd Thread.print did not finish for " + node.name());
        return Files.readAllLines(file);
    }

    private static Path output(Cluster cluster, String name) {
        return cluster.workDir().resolve("tools").resolve(name + ".txt");
    }
}
