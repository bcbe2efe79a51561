package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The report of a run: the machine, the settings, one table of medians with the ratio Samsa/Kafka
 * and the targets, then every round's values with the load average. Written in a form the
 * README can take as it is.
 */
final class MarkdownReport {
    private final BenchOptions options;
    private final Results results;
    private final String kafkaVersion;
    private final String toolsVersion;
    private final ZonedDateTime started;
    private final List<String> machine;

    MarkdownReport(BenchOptions options, Results results, String kafkaVersion, String toolsVersion,
                   ZonedDateTime started, List<String> machine) {
        this.options = options;
        this.results = results;
        this.kafkaVersion = kafkaVersion;
        this.toolsVersion = toolsVersion;
        this.started = started;
        this.machine = machine;
    }

    void write(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("# Samsa and Apache Kafka " + kafkaVersion + ", side by side: "
            + started.format(DateTimeFormatter.ISO_LOCAL_DATE));
        out.add("");
        out.add("Run started " + started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ", finished "
            + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ".");
        out.add("");
        machine.forEach(line -> out.add("- " + line));
        out.add("- Samsa: " + System.getProperty("bench.samsa.label", "unknown build"));
        out.add("- load average (1 min) while measuring: " + loadSummary("kafka") + " during Kafka's turns, "
            + loadSummary("samsa") + " during Samsa's");
        out.add("");
        settings(out);
        out.add("");
        medians(out);
        failures(out);
        rounds(out);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out);
    }

    private void settings(List<String> out) {
        out.add(String.format(Locale.ROOT, "%d rounds, each Apache Kafka %s then Samsa (%s), single node on 127.0.0.1, "
            + "data on the same disk, default flush behaviour, the same JVM flags for both brokers: `%s`. "
            + "Load tools from kafka-tools %s in their own JVMs (`%s`). Per broker and round: start-up to the "
            + "first raw-TCP ApiVersions v0 answer, idle RSS after %d s, an untimed %,d-record warm-up, then "
            + "ProducerPerformance with %,d records of 1 KiB, `batch.size=65536 linger.ms=5`, no throttle, "
            + "for acks=1/acks=all on 1/6-partition topics; EndToEndLatency with %,d records (acks=all, 1 KiB, "
            + "1 partition; its percentiles are whole milliseconds, truncated); ConsumerPerformance over the "
            + "acks=1 topics just written (%,d records each); RSS (VmRSS) after the load. A producer run "
            + "counts only if it was clean (every record acknowledged, no error answer, no retry).",
            options.rounds(), kafkaVersion, String.join(" then ", options.brokers()).equals("kafka then samsa")
                ? "A B A B…" : String.join(", ", options.brokers()),
            String.join(" ", options.brokerJvmOptions()), toolsVersion,
            String.join(" ", KafkaTools.CLIENT_JVM_OPTIONS.subList(0, 5)), options.idleSeconds(),
            options.warmupRecords(), options.records(), options.e2eRecords(), options.records()));
    }

    private void medians(List<String> out) {
        out.add("| figure (median of rounds) | Apache Kafka " + kafkaVersion + " | Samsa | Samsa/Kafka | target | met |");
        out.add("|---|---:|---:|---:|---|---|");
        for (Figure figure : Figure.SINGLE_NODE) {
            OptionalDouble kafka = results.median("kafka", figure);
            OptionalDouble samsa = results.median("samsa", figure);
            double ratio = kafka.isPresent() && samsa.isPresent() && kafka.getAsDouble() != 0
                ? samsa.getAsDouble() / kafka.getAsDouble() : Double.NaN;
            String met = !figure.hasTarget() ? "" : Double.isNaN(ratio) ? "not measured"
                : figure.met(samsa.getAsDouble(), ratio) ? "yes" : "**no**";
            out.add("| " + figure.label() + " (" + figure.unit() + ") | " + format(figure, kafka) + " | "
                + format(figure, samsa) + " | " + (Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio))
                + " | " + figure.targetText() + " | " + met + " |");
        }
        out.add("");
    }

    private void failures(List<String> out) {
        if (results.failures().isEmpty()) {
            return;
        }
        out.add("Failed steps (their figures are missing from the medians):");
        out.add("");
        results.failures().forEach(f -> out.add("- " + f));
        out.add("");
    }

    private void rounds(List<String> out) {
        out.add("## Every round");
        out.add("");
        StringBuilder header = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int round = 1; round <= options.rounds(); round++) {
            for (String broker : options.brokers()) {
                header.append(' ').append(broker).append(' ').append(round).append(" |");
                rule.append("---:|");
            }
        }
        out.add(header.toString());
        out.add(rule.toString());
        for (Figure figure : Figure.SINGLE_NODE) {
            StringBuilder row = new StringBuilder("| " + figure.label() + " (" + figure.unit() + ") |");
            for (int round = 1; round <= options.rounds(); round++) {
                for (String broker : options.brokers()) {
                    row.append(' ').append(cell(broker, round, figure)).append(" |");
                }
            }
            out.add(row.toString());
        }
        out.add("");
        out.add("Each cell: value (1-minute load average when it was taken).");
    }

    private String cell(String broker, int round, Figure figure) {
        return results.samples().stream()
            .filter(s -> s.broker().equals(broker) && s.round() == round && s.figure() == figure)
            .findFirst()
            .map(s -> format(figure, OptionalDouble.of(s.value())) + String.format(Locale.ROOT, " (%.1f)", s.load1()))
            .orElse("–");
    }

    private String loadSummary(String broker) {
        double[] loads = results.loads(broker);
        if (loads.length == 0) {
            return "–";
        }
        double min = java.util.Arrays.stream(loads).min().orElse(Double.NaN);
        double max = java.util.Arrays.stream(loads).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "median %.2f (%.2f–%.2f)", Results.median(loads).getAsDouble(), min, max);
    }

    /** Figures printed without decimals: start-up times, and latency percentiles the tools give in whole ms. */
    private static final java.util.Set<Figure> WHOLE_NUMBERS = java.util.EnumSet.of(Figure.STARTUP_MS,
        Figure.CLUSTER_STARTUP_MS, Figure.CLUSTER_PRODUCE_P50_MS, Figure.CLUSTER_PRODUCE_P99_MS,
        Figure.CLUSTER_PRODUCE_P999_MS, Figure.CLUSTER_PACED_P50_MS, Figure.CLUSTER_PACED_P99_MS);

    static String format(Figure figure, OptionalDouble value) {
        if (value.isEmpty()) {
            return "–";
        }
        double v = value.getAsDouble();
        return switch (figure.unit()) {
            case "records/s" -> String.format(Locale.ROOT, "%,.0f", v);
            case "MiB" -> String.format(Locale.ROOT, "%.0f", v);
            case "MB/s" -> String.format(Locale.ROOT, "%.1f", v);
            default -> WHOLE_NUMBERS.contains(figure) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
        };
    }
}
