package io.samsa.bench;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The report of a 3-node run: machine, settings, a table of medians with the ratio Samsa/Kafka of
 * the medians and the median of the per-round ratios (each Samsa turn against the Kafka turn of the
 * same round, which ran minutes apart under similar machine load), then every round's values with
 * the load average.
 */
final class ClusterReport extends ComparisonReport<ClusterOptions> {
    ClusterReport(ClusterOptions options, Results results, String kafkaVersion, String toolsVersion,
                  ZonedDateTime started, List<String> machine) {
        super(options, results, kafkaVersion, toolsVersion, started, machine,
            "3-node Samsa and 3-node Apache Kafka " + kafkaVersion + ", replication factor 3",
            options.rounds(), options.brokers(), Figure.CLUSTER);
    }

    @Override
    protected String settings() {
        return String.format(Locale.ROOT, "%d rounds, each a 3-node Apache Kafka %s cluster then a 3-node Samsa "
            + "cluster (%s), all nodes on 127.0.0.1 with data on the same disk, default flush behaviour. Every node "
            + "is broker and controller (Kafka: KRaft combined mode, static 3-voter quorum; Samsa: broker and Raft "
            + "voter, its data in partition-set Raft groups). Every node gets the same JVM flags: `%s`. "
            + "`default.replication.factor=3`, `min.insync.replicas=2`, internal topics RF 3. Per cluster and "
            + "round: launch of the 3 nodes to the last node's first ApiVersions answer, idle RSS after %d s, a "
            + "topic of %d partitions with `--replication-factor 3 --config min.insync.replicas=2`, an untimed "
            + "%,d-record warm-up, then kafka-tools %s ProducerPerformance (its own JVM, `%s`) with %,d records "
            + "of 1 KiB, `acks=all batch.size=65536 linger.ms=5`, no throttle, bootstrap = all 3 nodes. The "
            + "latency percentiles are ProducerPerformance's (send to acknowledgement, whole ms); unthrottled, "
            + "they are mostly the time records wait in the producer's full 32 MiB `buffer.memory`, so the "
            + "paced run (%,d records/s for %d s, same settings) shows the latency of the brokers themselves. "
            + "A run counts only if it was clean (every record acknowledged, no error answer, no retry).",
            options.rounds(), kafkaVersion, String.join(", ", options.brokers()),
            String.join(" ", options.brokerJvmOptions()), options.idleSeconds(), ClusterWorkload.PARTITIONS,
            options.warmupRecords(), toolsVersion, String.join(" ", KafkaTools.CLIENT_JVM_OPTIONS.subList(0, 5)),
            options.records(), options.pacedRate(), options.pacedSeconds());
    }

    @Override
    protected void medians(List<String> out) {
        out.add("| figure | Apache Kafka " + kafkaVersion + " (median) | Samsa (median) | ratio of medians "
            + "| median of per-round ratios | target | met |");
        out.add("|---|---:|---:|---:|---:|---|---|");
        for (Figure figure : Figure.CLUSTER) {
            OptionalDouble kafka = results.median("kafka", figure);
            OptionalDouble samsa = results.median("samsa", figure);
            double ratio = samsaOverKafka(kafka, samsa);
            OptionalDouble paired = pairedRatio(figure);
            double judged = paired.isPresent() ? paired.getAsDouble() : ratio;
            String met = !figure.hasTarget() ? "" : Double.isNaN(judged) ? "not measured"
                : figure.met(samsa.getAsDouble(), judged) ? "yes" : "**no**";
            out.add("| " + figure.label() + " (" + figure.unit() + ") | " + MarkdownReport.format(figure, kafka)
                + " | " + MarkdownReport.format(figure, samsa) + " | " + ratio(ratio) + " | "
                + (paired.isPresent() ? ratio(paired.getAsDouble()) : "–") + " | " + figure.targetText() + " | "
                + met + " |");
        }
        out.add("");
        out.add("\"met\" judges the median of the per-round ratios (the ratio of medians when no round has both).");
        out.add("");
    }

    /** The median over rounds of Samsa's value divided by Kafka's in the same round. */
    private OptionalDouble pairedRatio(Figure figure) {
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            OptionalDouble kafka = value("kafka", round, figure);
            OptionalDouble samsa = value("samsa", round, figure);
            if (kafka.isPresent() && samsa.isPresent() && kafka.getAsDouble() != 0) {
                ratios.add(samsa.getAsDouble() / kafka.getAsDouble());
            }
        }
        return Results.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private OptionalDouble value(String broker, int round, Figure figure) {
        return results.samples().stream()
            .filter(s -> s.broker().equals(broker) && s.round() == round && s.figure() == figure)
            .mapToDouble(Results.Sample::value).findFirst();
    }

    private static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
