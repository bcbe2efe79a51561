package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code samsa-bench.jar startup [--times N] [--brokers kafka,samsa] [--broker-jvm-opts '...']}:
 * start-up alone, launched N times per broker (alternating, fresh data each time), with idle RSS
 * after 1 s. For working on start-up without the whole load.
 */
final class StartupTimes {
    private StartupTimes() {
    }

    static void main(String[] args) throws IOException {
        int times = 5;
        List<String> brokers = List.of("kafka", "samsa");
        List<String> jvm = BenchOptions.DEFAULT_BROKER_JVM_OPTIONS;
        Path bench = Path.of(System.getProperty("bench.dir", "bench"));
        Path jar = bench.resolve("target/samsa.jar");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--times" -> times = Integer.parseInt(args[++i]);
                case "--brokers" -> brokers = Arrays.asList(args[++i].split(","));
                case "--broker-jvm-opts" -> jvm = Arrays.asList(args[++i].trim().split("\\s+"));
                case "--samsa-jar" -> jar = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("startup takes --times, --brokers, --broker-jvm-opts, --samsa-jar");
            }
        }
        String kafkaClasspath = brokers.contains("kafka") ? Bench.readClasspath(bench.resolve("target/kafka-broker.classpath")) : "";
        Path work = bench.resolve("target/startup");
        for (String name : brokers) {
            double[] millis = new double[times];
            double[] rss = new double[times];
            for (int i = 0; i < times; i++) {
                Path dir = work.resolve(name + "-" + i);
                Bench.deleteRecursively(dir);
                BrokerProcess broker = name.equals("kafka") ? new KafkaBroker(dir, jvm, kafkaClasspath)
                    : new SamsaBroker(dir, jvm, jar);
                try {
                    millis[i] = broker.start(120);
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
                    rss[i] = ProcStatus.rssMiB(broker.pid());
                } finally {
                    broker.stop();
                    Bench.deleteRecursively(broker.dataDir());
                }
                System.out.printf(Locale.ROOT, "%s: %.0f ms, %.0f MiB (load %s)%n", name, millis[i], rss[i], ProcStatus.loadAverages());
            }
            List<String> sorted = new ArrayList<>();
            Arrays.stream(millis).sorted().forEach(m -> sorted.add(String.format(Locale.ROOT, "%.0f", m)));
            System.out.printf(Locale.ROOT, "%s start-up median %.0f ms (%s), idle RSS median %.0f MiB%n", name,
                Results.median(millis).getAsDouble(), String.join(", ", sorted), Results.median(rss).getAsDouble());
        }
    }
}
