package io.samsa.bench;

/**
 * Every figure the benchmarks report, with its unit, which direction is better and the issue's
 * target for the ratio Samsa/Kafka (NaN when the figure is informational). The {@code CLUSTER_}
 * figures belong to the 3-node comparison ({@link ClusterBench}, issue 7's targets), the others to
 * the single-node one ({@code bench/run.sh}, issue 9's targets).
 */
enum Figure {
    STARTUP_MS("start-up to first ApiVersions answer", "ms", Direction.LOWER, 0.25),
    RSS_IDLE_MIB("idle RSS", "MiB", Direction.LOWER, 0.33),
    PRODUCE_P1_ACKS1("producer, 1 partition, acks=1", "records/s", Direction.HIGHER, 1.0),
    PRODUCE_P1_ACKSALL("producer, 1 partition, acks=all", "records/s", Direction.HIGHER, 1.0),
    PRODUCE_P6_ACKS1("producer, 6 partitions, acks=1", "records/s", Direction.HIGHER, 1.0),
    PRODUCE_P6_ACKSALL("producer, 6 partitions, acks=all", "records/s", Direction.HIGHER, 1.0),
    E2E_P50_MS("end-to-end latency p50", "ms", Direction.LOWER, Double.NaN),
    E2E_P99_MS("end-to-end latency p99", "ms", Direction.LOWER, 1.0),
    E2E_P999_MS("end-to-end latency p99.9", "ms", Direction.LOWER, Double.NaN),
    E2E_AVG_MS("end-to-end latency mean", "ms", Direction.LOWER, Double.NaN),
    CONSUME_P1_MBS("consumer, 1 partition", "MB/s", Direction.HIGHER, 1.0),
    CONSUME_P6_MBS("consumer, 6 partitions", "MB/s", Direction.HIGHER, 1.0),
    CONSUME_P1_FETCH_MBS("consumer, 1 partition, excluding group join", "MB/s", Direction.HIGHER, Double.NaN),
    CONSUME_P6_FETCH_MBS("consumer, 6 partitions, excluding group join", "MB/s", Direction.HIGHER, Double.NaN),
    PRODUCE_CPU_S_PER_GIB("broker CPU time per GiB produced (4 producer runs)", "s/GiB", Direction.LOWER, Double.NaN),
    CONSUME_CPU_S_PER_GIB("broker CPU time per GiB consumed (2 consumer runs)", "s/GiB", Direction.LOWER, Double.NaN),
    RSS_AFTER_LOAD_MIB("RSS after the load", "MiB", Direction.LOWER, Double.NaN),
    RSS_PEAK_MIB("peak RSS (VmHWM)", "MiB", Direction.LOWER, Double.NaN),
    CLUSTER_STARTUP_MS("3-node start-up, launch to every node's first ApiVersions answer", "ms", Direction.LOWER, Double.NaN),
    CLUSTER_RSS_IDLE_MIB("idle RSS per node (mean of 3)", "MiB", Direction.LOWER, Double.NaN),
    CLUSTER_PRODUCE("producer, 6 partitions RF=3, acks=all", "records/s", Direction.HIGHER, 0.8),
    CLUSTER_PRODUCE_P50_MS("producer latency p50", "ms", Direction.LOWER, Double.NaN),
    CLUSTER_PRODUCE_P99_MS("producer latency p99", "ms", Direction.LOWER, 1.5),
    CLUSTER_PRODUCE_P999_MS("producer latency p99.9", "ms", Direction.LOWER, Double.NaN),
    CLUSTER_PRODUCE_AVG_MS("producer latency mean", "ms", Direction.LOWER, Double.NaN),
    CLUSTER_PACED_P50_MS("paced producer latency p50 (fixed rate below both clusters' capacity)", "ms", Direction.LOWER,
        Double.NaN),
    CLUSTER_PACED_P99_MS("paced producer latency p99", "ms", Direction.LOWER, Double.NaN),
    CLUSTER_CPU_S_PER_GIB("CPU time of the 3 nodes per GiB produced", "s/GiB", Direction.LOWER, Double.NaN),
    CLUSTER_RSS_AFTER_LOAD_MIB("RSS per node after the load (mean of 3)", "MiB", Direction.LOWER, Double.NaN),
    CLUSTER_RSS_AFTER_LOAD_MAX_MIB("RSS after the load, largest node", "MiB", Direction.LOWER, Double.NaN),
    CLUSTER_RSS_PEAK_MIB("peak RSS (VmHWM), largest node", "MiB", Direction.LOWER, Double.NaN);

    /** The single-node benchmark's figures, in report order. */
    static final java.util.List<Figure> SINGLE_NODE = java.util.Arrays.stream(values())
        .filter(f -> !f.name().startsWith("CLUSTER_")).toList();
    /** The 3-node benchmark's figures, in report order. */
    static final java.util.List<Figure> CLUSTER = java.util.Arrays.stream(values())
        .filter(f -> f.name().startsWith("CLUSTER_")).toList();

    enum Direction { HIGHER, LOWER }

    private final String label;
    private final String unit;
    private final Direction better;
    private final double targetRatio;

    Figure(String label, String unit, Direction better, double targetRatio) {
        this.label = label;
        this.unit = unit;
        this.better = better;
        this.targetRatio = targetRatio;
    }

    String label() {
        return label;
    }

    String unit() {
        return unit;
    }

    Direction better() {
        return better;
    }

    boolean hasTarget() {
        return !Double.isNaN(targetRatio);
    }

    double targetRatio() {
        return targetRatio;
    }

    /** The target as the report prints it, e.g. {@code ≥ 1.00×} or {@code ≤ 0.25× and ≤ 500 ms}. */
    String targetText() {
        if (!hasTarget()) {
            return "";
        }
        String ratio = (better == Direction.HIGHER ? "≥ " : "≤ ") + String.format("%.2f×", targetRatio);
        return this == STARTUP_MS ? ratio + " and ≤ 500 ms" : ratio;
    }

    /** Whether Samsa's median meets the target (the start-up target also has an absolute bound). */
    boolean met(double samsa, double ratio) {
        if (!hasTarget() || Double.isNaN(ratio)) {
            return false;
        }
        boolean ratioMet = better == Direction.HIGHER ? ratio >= targetRatio : ratio <= targetRatio;
        return this == STARTUP_MS ? ratioMet && samsa <= 500 : ratioMet;
    }
}
