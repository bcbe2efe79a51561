package io.samsa.bench;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The report of a run: the machine, the settings, one table of medians with the ratio Samsa/Kafka
 * and the targets, then every round's values with the load average. Written in a form the
 * README can take as it is.
 */
final class MarkdownReport extends ComparisonReport<BenchOptions> {
    MarkdownReport(BenchOptions options, Results results, String kafkaVersion, String toolsVersion,
                   ZonedDateTime started, List<String> machine) {
        super(options, results, kafkaVersion, toolsVersion, started, machine,
            "Samsa and Apache Kafka " + kafkaVersion + ", side by side",
            options.rounds(), options.brokers(), Figure.SINGLE_NODE);
    }

    @Override
    protected String settings() {
        return String.format(Locale.ROOT, "%d rounds, each Apache Kafka %s then Samsa (%s), single node on 127.0.0.1, "
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
            options.warmupRecords(), options.records(), options.e2eRecords(), options.records());
    }

    @Override
    protected void medians(List<String> out) {
        out.add("| figure (median of rounds) | Apache Kafka " + kafkaVersion + " | Samsa | Samsa/Kafka | target | met |");
        out.add("|---|---:|---:|---:|---|---|");
        for (Figure figure : Figure.SINGLE_NODE) {
            OptionalDouble kafka = results.median("kafka", figure);
            OptionalDouble samsa = results.median("samsa", figure);
            double ratio = samsaOverKafka(kafka, samsa);
            String met = !figure.hasTarget() ? "" : Double.isNaN(ratio) ? "not measured"
                : figure.met(samsa.getAsDouble(), ratio) ? "yes" : "**no**";
            out.add("| " + figure.label() + " (" + figure.unit() + ") | " + format(figure, kafka) + " | "
                + format(figure, samsa) + " | " + (Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio))
                + " | " + figure.targetText() + " | " + met + " |");
        }
        out.add("");
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
