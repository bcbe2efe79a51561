package io.samsa.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Entry point of the benchmark ({@code bench/run.sh} runs it after building): rounds of Apache Kafka
 * then Samsa, each through the same {@link Workload}, and a {@link MarkdownReport} of the medians.
 * {@code profile ...} runs {@link Profile} instead, {@code cluster ...} the 3-node comparison
 * ({@link ClusterBench}), {@code cluster-profile ...} its profile ({@link ClusterProfile}), {@code jfr-summary FILE...} summarises recordings,
 * {@code jmh-summary FILE} prints JMH's CSV results as a Markdown table, {@code startup ...} times
 * start-ups alone ({@link StartupTimes}), {@code rebuild ...} rewrites a run's report from its raw
 * values ({@link ReportRebuild}).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("profile")) {
            Profile.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("cluster")) {
            ClusterBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("cluster-profile")) {
            ClusterProfile.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("rebuild")) {
            ReportRebuild.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("startup")) {
            StartupTimes.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("jmh-summary")) {
            JmhSummary.format(Path.of(args[1])).forEach(System.out::println);
            return;
        }
        if (args.length > 0 && args[0].equals("jfr-summary")) {
            for (String file : Arrays.copyOfRange(args, 1, args.length)) {
                System.out.println(JfrSummary.of(Path.of(file), Long.MAX_VALUE).format(30));
            }
            return;
        }
        run(RunStart.parseOrExit(args, BenchOptions::parse, BenchOptions.USAGE));
    }

    private static void run(BenchOptions options) throws IOException {
        RunStart start = RunStart.of(options.kafkaClasspathFile(), options.toolsClasspathFile(), options.brokers(),
            options.samsaJar(), options.workDir(), options.report());
        Results results = new Results(start.csv());
        Workload workload = new Workload(options, new KafkaTools(start.toolsClasspath(), options.workDir()), results);
        for (int round = 1; round <= options.rounds(); round++) {
            for (String name : options.brokers()) {
                Path workDir = options.workDir().resolve("round" + round + "-" + name);
                deleteRecursively(workDir);
                BrokerProcess broker = name.equals("kafka")
                    ? new KafkaBroker(workDir, options.brokerJvmOptions(), start.kafkaClasspath())
                    : new SamsaBroker(workDir, options.brokerJvmOptions(), options.samsaJar());
                try {
                    workload.run(broker, round);
                } catch (IOException | RuntimeException e) {
                    results.failure(name, round, "the turn", e);
                } finally {
                    broker.stop();
                    if (!options.keepWork()) {
                        deleteRecursively(broker.dataDir());
                    }
                }
            }
        }
        new MarkdownReport(options, results, start.kafkaVersion(), start.toolsVersion(), start.started(),
            start.machine()).write(options.report());
        start.printWhereWritten(options.report());
    }

    static String readClasspath(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no classpath file " + file + "; bench/run.sh writes it with dependency:build-classpath");
        }
        return Files.readString(file).trim();
    }

    static String version(String classpath, String artifact) {
        Matcher m = Pattern.compile(Pattern.quote(artifact) + "-(\\d[^/:]*?)\\.jar").matcher(classpath);
        return m.find() ? m.group(1) : "unknown";
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cannot delete " + dir + ": " + e);
        }
    }
}
