package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/profile.sh}: a broker under ProducerPerformance then ConsumerPerformance load with a
 * JFR recording around each phase (started and stopped with {@code jcmd} on the broker's PID, so
 * the recording holds only the phase), summarised by {@link JfrSummary}; then, optionally, the same
 * two phases under {@code strace -c -f} for system calls per produce and per fetch request. The
 * summary goes to {@code <out>/profile-<broker>.md}.
 */
final class Profile {
    private static final String TOPIC = "bench-profile";
    private static final long TIMEOUT_SECONDS = 600;

    private final long records;
    private final long straceRecords;
    private final int partitions;
    private final String acks;
    private final Path out;
    private final KafkaTools tools;

    private Profile(long records, long straceRecords, int partitions, String acks, Path out, KafkaTools tools) {
        this.records = records;
        this.straceRecords = straceRecords;
        this.partitions = partitions;
        this.acks = acks;
        this.out = out;
        this.tools = tools;
    }

    static void main(String[] args) throws Exception {
        long records = 1_000_000;
        long straceRecords = 200_000;
        int partitions = 6;
        String acks = "1";
        ProfileOptions shared = new ProfileOptions("target/profile");
        List<String> jvm = BenchOptions.DEFAULT_BROKER_JVM_OPTIONS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--strace-records" -> straceRecords = Long.parseLong(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--acks" -> acks = args[++i];
                case "--broker-jvm-opts" -> jvm = Arrays.asList(args[++i].trim().split("\\s+"));
                default -> i = shared.parse(args, i, "(profile takes --records, --strace-records, --partitions, "
                    + "--acks, --out, --samsa-jar, --brokers, --broker-jvm-opts)");
            }
        }
        Path out = shared.out;
        KafkaTools tools = shared.tools();
        Profile profile = new Profile(records, straceRecords, partitions, acks, out, tools);
        for (String name : shared.brokers) {
            Path work = out.resolve(name);
            Bench.deleteRecursively(work);
            BrokerProcess broker = name.equals("kafka")
                ? new KafkaBroker(work, jvm, shared.kafkaClasspath())
                : new SamsaBroker(work, jvm, shared.samsaJar);
            try {
                profile.run(broker);
            } finally {
                broker.stop();
                Bench.deleteRecursively(broker.dataDir());
            }
        }
    }

    private void run(BrokerProcess broker) throws IOException {
        List<String> report = new ArrayList<>();
        report.add("## Profile of " + broker.name() + String.format(Locale.ROOT,
            ": %,d records of 1 KiB, acks=%s, %d partitions (load %s)", records, acks, partitions, ProcStatus.loadAverages()));
        report.add("");
        report.add("Samsa: " + System.getProperty("bench.samsa.label", "unknown build") + "; broker JVM flags as in bench/run.sh.");
        report.add("");
        broker.start(120);
        Path jfc = settings();
        tools.run("TopicCommand", List.of("--bootstrap-server", broker.bootstrapServers(), "--create", "--topic", TOPIC,
            "--partitions", Integer.toString(partitions), "--replication-factor", "1"), output(broker, "create"), TIMEOUT_SECONDS);
        produce(broker, 200_000, "warmup");

        Path produceJfr = broker.workDir().resolve("produce.jfr");
        jcmd(broker, "JFR.start", "name=produce", "settings=" + jfc, "filename=" + produceJfr);
        ThreadCpu before = ThreadCpu.snapshot(broker.pid());
        ToolResults.Producer p = ToolResults.Producer.parse(produce(broker, records, "produce"));
        ThreadCpu after = ThreadCpu.snapshot(broker.pid());
        jcmd(broker, "JFR.stop", "name=produce", "filename=" + produceJfr);
        report.add(String.format(Locale.ROOT, "Produce: %,.0f records/s, %,.0f requests, %.1f records/request.",
            p.recordsPerSec(), p.requests(), p.recordsPerRequest()));
        report.add("");
        report.add("```");
        report.add("Broker CPU time by thread while producing:");
        report.addAll(after.since(before, records));
        report.add("");
        report.add(JfrSummary.of(produceJfr, records).format(30));
        report.add("```");

        Path fetchJfr = broker.workDir().resolve("fetch.jfr");
        jcmd(broker, "JFR.start", "name=fetch", "settings=" + jfc, "filename=" + fetchJfr);
        before = ThreadCpu.snapshot(broker.pid());
        ToolResults.Consumer c = ToolResults.Consumer.parse(consume(broker, records + 200_000, "fetch"), records);
        after = ThreadCpu.snapshot(broker.pid());
        jcmd(broker, "JFR.stop", "name=fetch", "filename=" + fetchJfr);
        report.add(String.format(Locale.ROOT, "Fetch: %.1f MB/s, %,.0f fetch requests.", c.mbPerSec(), c.fetchRequests()));
        report.add("");
        report.add("```");
        report.add("Broker CPU time by thread while fetching (including the group join):");
        report.addAll(after.since(before, c.records()));
        report.add("");
        report.add(JfrSummary.of(fetchJfr, c.records()).format(30));
        report.add("```");

        if (straceRecords > 0) {
            strace(broker, report);
        }
        writeSummary(out.resolve("profile-" + broker.name() + ".md"), report);
    }

    /** Writes the report to {@code summary} and prints it, as both profiles end. */
    static void writeSummary(Path summary, List<String> report) throws IOException {
        Files.write(summary, report);
        System.out.println(String.join(System.lineSeparator(), report));
        System.out.println("summary: " + summary.toAbsolutePath());
    }

    /** System calls per request: strace counts while one more producer and one consumer run. */
    private void strace(BrokerProcess broker, List<String> report) throws IOException {
        Path produceCounts = broker.workDir().resolve("strace-produce.txt");
        Process tracer = startStrace(broker, produceCounts);
        ToolResults.Producer p = ToolResults.Producer.parse(produce(broker, straceRecords, "strace-produce"));
        stopStrace(tracer);
        report.add(String.format(Locale.ROOT, "System calls while producing %,d records in %,.0f produce requests "
            + "(strace -c -f; calls per request):", straceRecords, p.requests()));
        report.add("");
        report.add("```");
        report.addAll(StraceCounts.parse(produceCounts).perRequest(p.requests(), 12));
        report.add("```");

        Path fetchCounts = broker.workDir().resolve("strace-fetch.txt");
        tracer = startStrace(broker, fetchCounts);
        ToolResults.Consumer c = ToolResults.Consumer.parse(
            consume(broker, straceRecords, "strace-fetch"), straceRecords);
        stopStrace(tracer);
        report.add(String.format(Locale.ROOT, "System calls while fetching %,d records in %,.0f fetch requests:",
            c.records(), c.fetchRequests()));
        report.add("");
        report.add("```");
        report.addAll(StraceCounts.parse(fetchCounts).perRequest(c.fetchRequests(), 12));
        report.add("```");
    }

    static Process startStrace(BrokerProcess broker, Path counts) throws IOException {
        Path log = broker.workDir().resolve("strace-" + counts.getFileName());
        Process tracer = new ProcessBuilder("strace", "-c", "-f", "-o", counts.toString(), "-p", Long.toString(broker.pid()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
        // Counting starts once strace has attached to every thread; it says so on stderr.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("attached")) {
            if (!tracer.isAlive() || System.nanoTime() > deadline) {
                tracer.destroyForcibly();
                throw new IOException("strace did not attach to " + broker.pid() + "; see " + log);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return tracer;
    }

    /** SIGTERM makes strace detach and write its summary. */
    static void stopStrace(Process tracer) throws IOException {
        tracer.destroy();
        awaitExit(tracer, 60, "strace did not exit after SIGTERM");
    }

    /** Waits for a tool the profile started; kills it and fails with {@code failure} when it takes too long. */
    static void awaitExit(Process tool, long timeoutSeconds, String failure) throws IOException {
        try {
            if (!tool.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                tool.destroyForcibly();
                throw new IOException(failure);
            }
        } catch (InterruptedException e) {
            tool.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private KafkaTools.Run produce(BrokerProcess broker, long count, String name) throws IOException {
        return tools.run("ProducerPerformance", List.of("--bootstrap-server", broker.bootstrapServers(),
            "--topic", TOPIC, "--num-records", Long.toString(count), "--record-size", "1024", "--throughput", "-1",
            "--print-metrics", "--command-property", "acks=" + acks, "batch.size=65536", "linger.ms=5"),
            output(broker, name), TIMEOUT_SECONDS);
    }

    private KafkaTools.Run consume(BrokerProcess broker, long count, String name) throws IOException {
        return tools.run("ConsumerPerformance", List.of("--bootstrap-server", broker.bootstrapServers(),
            "--topic", TOPIC, "--num-records", Long.toString(count), "--timeout", "60000",
            "--group", "bench-profile-" + name, "--print-metrics"), output(broker, name), TIMEOUT_SECONDS);
    }

    private static Path output(BrokerProcess broker, String name) {
        return broker.workDir().resolve("tools").resolve(name + ".txt");
    }

    static void jcmd(BrokerProcess broker, String... command) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(broker.pid()));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(broker.workDir().resolve("jcmd.log").toFile())).start();
        String failure = "jcmd " + String.join(" ", command) + " failed; see " + broker.workDir().resolve("jcmd.log");
        awaitExit(jcmd, 120, failure);
        if (jcmd.exitValue() != 0) {
            throw new IOException(failure);
        }
    }

    /**
     * The JDK's "profile" settings with finer method sampling (2 ms), more allocation samples, and
     * every contended monitor and Java-level file/socket call recorded (threshold 0), so that locks
     * and calls per request can be counted.
     */
    private Path settings() throws IOException {
        return settings(out);
    }

    /** {@link #settings()} written into {@code out}. */
    static Path settings(Path out) throws IOException {
        Path base = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
        String jfc = Files.readString(base)
            .replace("control=\"method-sampling-java-interval\">10 ms<", "control=\"method-sampling-java-interval\">2 ms<")
            .replace("control=\"locking-threshold\">10 ms<", "control=\"locking-threshold\">0 ms<")
            .replace("control=\"file-threshold\">10 ms<", "control=\"file-threshold\">0 ms<")
            .replace("control=\"socket-threshold\">10 ms<", "control=\"socket-threshold\">0 ms<")
            .replace("control=\"allocation-profiling\">300/s<", "control=\"allocation-profiling\">1000/s<");
        Path file = out.resolve("bench-profile.jfc");
        Files.writeString(file, jfc);
        return file;
    }
}
