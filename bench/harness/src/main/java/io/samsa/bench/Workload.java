package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One broker's turn in one round, always in the same order: launch (start-up time), stay idle
 * (idle RSS), create the topics, an untimed warm-up, the four producer runs, the end-to-end
 * latency run, the two consumer runs over the data the producers wrote, RSS after the load, stop.
 * A failed step is recorded as a failure and the turn goes on (a broker that died ends it).
 */
final class Workload extends TurnWorkload<BenchOptions> {
    private static final int RECORD_SIZE = 1024;
    private static final long TOOL_TIMEOUT_SECONDS = 600;
    private static final long START_TIMEOUT_SECONDS = 120;

    private record ProducerRun(Figure figure, String topic, int partitions, String acks) {
    }

    private record ConsumerRun(Figure figure, Figure fetchFigure, String topic) {
    }

    private static final List<ProducerRun> PRODUCERS = List.of(
        new ProducerRun(Figure.PRODUCE_P1_ACKS1, "bench-p1-acks1", 1, "1"),
        new ProducerRun(Figure.PRODUCE_P1_ACKSALL, "bench-p1-acksall", 1, "all"),
        new ProducerRun(Figure.PRODUCE_P6_ACKS1, "bench-p6-acks1", 6, "1"),
        new ProducerRun(Figure.PRODUCE_P6_ACKSALL, "bench-p6-acksall", 6, "all"));
    private static final List<ConsumerRun> CONSUMERS = List.of(
        new ConsumerRun(Figure.CONSUME_P1_MBS, Figure.CONSUME_P1_FETCH_MBS, "bench-p1-acks1"),
        new ConsumerRun(Figure.CONSUME_P6_MBS, Figure.CONSUME_P6_FETCH_MBS, "bench-p6-acks1"));
    private static final String WARMUP_TOPIC = "bench-warmup";
    private static final String E2E_TOPIC = "bench-e2e";

    Workload(BenchOptions options, KafkaTools tools, Results results) {
        super(options, tools, results);
    }

    void run(BrokerProcess broker, int round) throws IOException {
        String name = broker.name();
        announce(round, name, broker.workDir());
        double startup = broker.start(START_TIMEOUT_SECONDS);
        results.add(name, round, Figure.STARTUP_MS, startup);
        try {
            idle(options.idleSeconds());
            results.add(name, round, Figure.RSS_IDLE_MIB, ProcStatus.rssMiB(broker.pid()));
            createTopics(broker);
            if (options.warmupRecords() > 0) {
                produce(broker, WARMUP_TOPIC, "1", options.warmupRecords(), output(broker, "warmup"));
            }
            CpuMeter produceCpu = new CpuMeter(PRODUCERS.size());
            for (ProducerRun run : PRODUCERS) {
                step(broker, round, run.figure().label(), () -> {
                    double cpuBefore = ProcStatus.cpuSeconds(broker.pid());
                    KafkaTools.Run out = produce(broker, run.topic(), run.acks(), options.records(),
                        output(broker, run.topic()));
                    double cpu = ProcStatus.cpuSeconds(broker.pid()) - cpuBefore;
                    ToolResults.Producer p = ToolResults.Producer.parseClean(out, options.records());
                    results.add(name, round, run.figure(), p.recordsPerSec());
                    System.out.printf("         %.0f produce requests, %.1f records/request, %.0f ms avg latency%n",
                        p.requests(), p.recordsPerRequest(), p.avgLatencyMs());
                    produceCpu.count(p.records(), cpu);
                });
            }
            produceCpu.record(results, name, round, Figure.PRODUCE_CPU_S_PER_GIB);
            step(broker, round, "end-to-end latency", () -> latency(broker, round));
            CpuMeter consumeCpu = new CpuMeter(CONSUMERS.size());
            for (ConsumerRun run : CONSUMERS) {
                step(broker, round, run.figure().label(), () -> {
                    double cpuBefore = ProcStatus.cpuSeconds(broker.pid());
                    long records = consume(broker, round, run);
                    consumeCpu.count(records, ProcStatus.cpuSeconds(broker.pid()) - cpuBefore);
                });
            }
            consumeCpu.record(results, name, round, Figure.CONSUME_CPU_S_PER_GIB);
            if (broker.isRunning()) {
                results.add(name, round, Figure.RSS_AFTER_LOAD_MIB, ProcStatus.rssMiB(broker.pid()));
                results.add(name, round, Figure.RSS_PEAK_MIB, ProcStatus.peakRssMiB(broker.pid()));
            }
        } finally {
            broker.stop();
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private void step(BrokerProcess broker, int round, String what, Step step) throws IOException {
        if (!broker.isRunning()) {
            throw new IOException(broker.name() + " is no longer running; see " + broker.logFile() + broker.logTail());
        }
        try {
            step.run();
        } catch (IllegalStateException | IOException e) {
            results.failure(broker.name(), round, what, e);
        }
    }

    private void createTopics(BrokerProcess broker) throws IOException {
        List<String[]> topics = new ArrayList<>();
        topics.add(new String[] {WARMUP_TOPIC, "1"});
        topics.add(new String[] {E2E_TOPIC, "1"});
        for (ProducerRun run : PRODUCERS) {
            topics.add(new String[] {run.topic(), Integer.toString(run.partitions())});
        }
        for (String[] topic : topics) {
            KafkaTools.Run out = tools.run("TopicCommand", List.of("--bootstrap-server", broker.bootstrapServers(),
                "--create", "--topic", topic[0], "--partitions", topic[1], "--replication-factor", "1"),
                output(broker, "create-" + topic[0]), TOOL_TIMEOUT_SECONDS);
            if (!out.succeeded()) {
                throw new IOException("creating " + topic[0] + " failed; see " + out.outputFile() + System.lineSeparator() + out.tail());
            }
        }
    }

    private KafkaTools.Run produce(BrokerProcess broker, String topic, String acks, long records, Path output)
        throws IOException {
        return tools.run("ProducerPerformance", List.of("--bootstrap-server", broker.bootstrapServers(),
            "--topic", topic, "--num-records", Long.toString(records), "--record-size", Integer.toString(RECORD_SIZE),
            "--throughput", "-1", "--print-metrics",
            "--command-property", "acks=" + acks, "batch.size=65536", "linger.ms=5"), output, TOOL_TIMEOUT_SECONDS);
    }

    private void latency(BrokerProcess broker, int round) throws IOException {
        KafkaTools.Run out = tools.run("EndToEndLatency", List.of("--bootstrap-server", broker.bootstrapServers(),
            "--topic", E2E_TOPIC, "--num-records", Integer.toString(options.e2eRecords()),
            "--producer-acks", "all", "--record-size", Integer.toString(RECORD_SIZE)),
            output(broker, "e2e"), TOOL_TIMEOUT_SECONDS);
        ToolResults.Latency l = ToolResults.Latency.parse(out);
        results.add(broker.name(), round, Figure.E2E_P50_MS, l.p50Ms());
        results.add(broker.name(), round, Figure.E2E_P99_MS, l.p99Ms());
        results.add(broker.name(), round, Figure.E2E_P999_MS, l.p999Ms());
        results.add(broker.name(), round, Figure.E2E_AVG_MS, l.avgMs());
    }

    /** Returns the records consumed. */
    private long consume(BrokerProcess broker, int round, ConsumerRun run) throws IOException {
        KafkaTools.Run out = tools.run("ConsumerPerformance", List.of("--bootstrap-server", broker.bootstrapServers(),
            "--topic", run.topic(), "--num-records", Long.toString(options.records()), "--timeout", "60000",
            "--group", "bench-" + run.topic() + "-" + round, "--print-metrics"),
            output(broker, "consume-" + run.topic()), TOOL_TIMEOUT_SECONDS);
        ToolResults.Consumer c = ToolResults.Consumer.parse(out, options.records());
        results.add(broker.name(), round, run.figure(), c.mbPerSec());
        results.add(broker.name(), round, run.fetchFigure(), c.fetchMbPerSec());
        System.out.printf("         group join %d ms, %.0f fetch requests%n", c.rebalanceMs(), c.fetchRequests());
        return c.records();
    }

    /**
     * The broker's CPU time (user + system, from the kernel's accounting) during a series of runs,
     * per GiB of 1 KiB records they moved: what the broker spends per byte whatever the clients
     * manage, so it means something even on a busy machine. Each run's CPU is taken around that run
     * and counted only if the run was clean; the figure is recorded only if every run was.
     */
    private static final class CpuMeter {
        private final int expectedRuns;
        private double seconds;
        private long records;
        private int runs;

        CpuMeter(int expectedRuns) {
            this.expectedRuns = expectedRuns;
        }

        void count(long runRecords, double runSeconds) {
            records += runRecords;
            seconds += runSeconds;
            runs++;
        }

        void record(Results results, String broker, int round, Figure figure) {
            if (runs == expectedRuns && records > 0 && !Double.isNaN(seconds)) {
                results.add(broker, round, figure, seconds / (records * (double) RECORD_SIZE / (1L << 30)));
            }
        }
    }

    private static Path output(BrokerProcess broker, String name) {
        return broker.workDir().resolve("tools").resolve(name + ".txt");
    }
}
