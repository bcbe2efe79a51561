package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What the single-node report ({@link MarkdownReport}) and the 3-node report ({@link ClusterReport})
 * have in common: the run they describe, the heading with the machine and the load, the failed
 * steps, and the table of every round's values.
 *
 * @param <O> the command line's options
 */
abstract class ComparisonReport<O> {
    protected final O options;
    protected final Results results;
    protected final String kafkaVersion;
    protected final String toolsVersion;
    protected final ZonedDateTime started;
    protected final List<String> machine;
    private final String title;
    private final int rounds;
    private final List<String> brokers;
    private final List<Figure> figures;

    /**
     * @param title the report's first heading, without the date
     * @param rounds how many rounds the run had
     * @param brokers the brokers of each round, in their order
     * @param figures the figures of the table of every round
     */
    protected ComparisonReport(O options, Results results, String kafkaVersion, String toolsVersion,
                               ZonedDateTime started, List<String> machine, String title, int rounds,
                               List<String> brokers, List<Figure> figures) {
        this.options = options;
        this.title = title;
        this.results = results;
        this.kafkaVersion = kafkaVersion;
        this.toolsVersion = toolsVersion;
        this.started = started;
        this.machine = machine;
        this.rounds = rounds;
        this.brokers = brokers;
        this.figures = figures;
    }

    /** The heading, the settings, the medians, the failed steps and every round's values. */
    final void write(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        head(out);
        out.add(settings());
        out.add("");
        medians(out);
        failures(out);
        rounds(out);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out);
    }

    /** One paragraph: what was run, how often, with which settings. */
    protected abstract String settings();

    /** The table of medians and whatever explains it. */
    protected abstract void medians(List<String> out);

    /** {@code # title: date}, when the run started and finished, the machine, the Samsa build and the load. */
    private void head(List<String> out) {
        out.add("# " + title + ": " + started.format(DateTimeFormatter.ISO_LOCAL_DATE));
        out.add("");
        out.add("Run started " + started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ", finished "
            + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ".");
        out.add("");
        machine.forEach(line -> out.add("- " + line));
        out.add("- Samsa: " + System.getProperty("bench.samsa.label", "unknown build"));
        out.add("- load average (1 min) while measuring: " + loadSummary("kafka") + " during Kafka's turns, "
            + loadSummary("samsa") + " during Samsa's");
        out.add("");
    }

    /** Samsa's value divided by Kafka's, NaN when either is missing or Kafka's is 0. */
    static double samsaOverKafka(OptionalDouble kafka, OptionalDouble samsa) {
        return kafka.isPresent() && samsa.isPresent() && kafka.getAsDouble() != 0
            ? samsa.getAsDouble() / kafka.getAsDouble() : Double.NaN;
    }

    /** The failed steps, if any, so that a missing figure has its reason next to it. */
    private void failures(List<String> out) {
        if (results.failures().isEmpty()) {
            return;
        }
        out.add("Failed steps (their figures are missing from the medians):");
        out.add("");
        results.failures().forEach(f -> out.add("- " + f));
        out.add("");
    }

    /** A table with a column per round and broker, each cell the value and the load when it was taken. */
    private void rounds(List<String> out) {
        out.add("## Every round");
        out.add("");
        StringBuilder header = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int round = 1; round <= rounds; round++) {
            for (String broker : brokers) {
                header.append(' ').append(broker).append(' ').append(round).append(" |");
                rule.append("---:|");
            }
        }
        out.add(header.toString());
        out.add(rule.toString());
        for (Figure figure : figures) {
            StringBuilder row = new StringBuilder("| " + figure.label() + " (" + figure.unit() + ") |");
            for (int round = 1; round <= rounds; round++) {
                for (String broker : brokers) {
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
            .map(s -> MarkdownReport.format(figure, OptionalDouble.of(s.value()))
                + String.format(Locale.ROOT, " (%.1f)", s.load1()))
            .orElse("–");
    }

    private String loadSummary(String broker) {
        double[] loads = results.loads(broker);
        if (loads.length == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "median %.2f (%.2f–%.2f)", Results.median(loads).getAsDouble(),
            Arrays.stream(loads).min().orElse(Double.NaN), Arrays.stream(loads).max().orElse(Double.NaN));
    }
}
