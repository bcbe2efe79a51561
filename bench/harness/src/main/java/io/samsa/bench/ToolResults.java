package io.samsa.bench;

import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the summary lines Kafka's load tools print (formats of kafka-tools 4.3), and for the
 * client metrics they print with {@code --print-metrics}. A missing line is an
 * {@link IllegalStateException} naming the tool's output file: a run whose figures cannot be read is
 * a failed run, never a zero.
 */
final class ToolResults {
    private static final Pattern PRODUCER_TOTAL = Pattern.compile(
        "^(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
            + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th\\.$");
    private static final Pattern E2E_AVG = Pattern.compile("^Avg latency: ([\\d.]+) ms$");
    private static final Pattern E2E_PERCENTILES = Pattern.compile(
        "^Percentiles: 50th = (\\d+), 99th = (\\d+), 99\\.9th = (\\d+)$");

    private ToolResults() {
    }

    /** ProducerPerformance's final line plus the producer's request metrics. */
    record Producer(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs, double p50LatencyMs,
                    double p99LatencyMs, double p999LatencyMs, double requests, double recordsPerRequest,
                    double batchSizeAvg) {
        /**
         * The run's figures, if it was clean: every record acknowledged, no error answer from the
         * broker and no retry. A run that fails this measured something else (retries, expired
         * batches waiting out {@code delivery.timeout.ms}) and is a failed step.
         */
        static Producer parseClean(KafkaTools.Run run, long expectedRecords) {
            List<String> problems = new java.util.ArrayList<>();
            Producer p;
            try {
                p = parse(run);
            } catch (IllegalStateException noSummary) {
                boolean killed = run.lines().stream().anyMatch(l -> l.startsWith("### killed after"));
                problems.add(killed ? "killed at the harness's timeout without finishing" : "no summary line");
                p = new Producer(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            }
            if (p.records() < expectedRecords && problems.isEmpty()) {
                problems.add(p.records() + " of " + expectedRecords + " records acknowledged");
            }
            double errors = metric(run.lines(), "producer-metrics:record-error-total:").orElse(0);
            double retries = metric(run.lines(), "producer-metrics:record-retry-total:").orElse(0);
            if (errors > 0 || retries > 0) {
                problems.add(String.format(java.util.Locale.ROOT, "%.0f records failed and %.0f were retried", errors, retries));
            }
            run.lines().stream().filter(l -> l.contains("Got error produce response")).findFirst()
                .map(l -> l.replaceFirst("^.*Error: ", "broker answered ").replaceFirst(" \\(org\\.apache.*$", ""))
                .ifPresent(problems::add);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("unclean run: " + String.join("; ", problems) + "; see " + run.outputFile());
            }
            return p;
        }

        static Producer parse(KafkaTools.Run run) {
            Matcher m = find(run, PRODUCER_TOTAL);
            return new Producer(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(6)),
                Double.parseDouble(m.group(8)), Double.parseDouble(m.group(9)),
                metric(run.lines(), "producer-metrics:request-total:").orElse(Double.NaN),
                metric(run.lines(), "producer-metrics:records-per-request-avg:").orElse(Double.NaN),
                metric(run.lines(), "producer-metrics:batch-size-avg:").orElse(Double.NaN));
        }
    }

    /**
     * ConsumerPerformance's summary line: {@code start.time, end.time, data.consumed.in.MB, MB.sec,
     * data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}.
     */
    record Consumer(double mb, double mbPerSec, long records, double recordsPerSec, long rebalanceMs,
                    long fetchMs, double fetchMbPerSec, double fetchRequests) {
        static Consumer parse(KafkaTools.Run run, long expectedRecords) {
            List<String> lines = run.lines();
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("start.time, end.time, data.consumed.in.MB")) {
                    // The summary follows the header, possibly after a WARNING line (a timeout).
                    String[] f = lines.subList(i + 1, lines.size()).stream().map(l -> l.split(",\\s*"))
                        .filter(fields -> fields.length >= 10).findFirst().orElse(null);
                    if (f == null) {
                        break;
                    }
                    Consumer c = new Consumer(Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Long.parseLong(f[4]), Double.parseDouble(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
                        Double.parseDouble(f[8]),
                        metric(lines, "consumer-fetch-manager-metrics:fetch-total:").orElse(Double.NaN));
                    if (c.records < expectedRecords) {
                        throw new IllegalStateException("ConsumerPerformance read " + c.records + " of "
                            + expectedRecords + " records before its " + "timeout; see " + run.outputFile());
                    }
                    return c;
                }
            }
            throw new IllegalStateException("no ConsumerPerformance summary in " + run.outputFile());
        }
    }

    /** EndToEndLatency's average (µs resolution) and percentiles (whole milliseconds, truncated). */
    record Latency(double avgMs, double p50Ms, double p99Ms, double p999Ms) {
        static Latency parse(KafkaTools.Run run) {
            Matcher avg = find(run, E2E_AVG);
            Matcher p = find(run, E2E_PERCENTILES);
            return new Latency(Double.parseDouble(avg.group(1)), Double.parseDouble(p.group(1)),
                Double.parseDouble(p.group(2)), Double.parseDouble(p.group(3)));
        }
    }

    private static Matcher find(KafkaTools.Run run, Pattern pattern) {
        for (String line : run.lines()) {
            Matcher m = pattern.matcher(line.trim());
            if (m.matches()) {
                return m;
            }
        }
        throw new IllegalStateException(run.tool() + " printed no line matching " + pattern.pattern()
            + " (exit code " + run.exitCode() + "); see " + run.outputFile() + System.lineSeparator() + run.tail());
    }

    /** A metric printed by {@code --print-metrics}: {@code group:name:{tags} : value}. */
    static OptionalDouble metric(List<String> lines, String groupAndName) {
        for (String line : lines) {
            if (line.startsWith(groupAndName)) {
                int separator = line.lastIndexOf(" : ");
                if (separator > 0) {
                    try {
                        return OptionalDouble.of(Double.parseDouble(line.substring(separator + 3).trim()));
                    } catch (NumberFormatException e) {
                        return OptionalDouble.empty();
                    }
                }
            }
        }
        return OptionalDouble.empty();
    }
}
