package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Every measured value with the broker, round and the 1-minute load average at the time it was
 * taken, appended as the run goes (and to a CSV file, so that an interrupted run keeps what it
 * measured). Medians are over rounds; a figure a round failed to measure is absent, never zero.
 * Used from the harness's main thread only.
 */
final class Results {
    /** One measured value. */
    record Sample(String broker, int round, Figure figure, double value, double load1) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Path csv;

    /** @param csv where every sample is appended as it comes, or null for none */
    Results(Path csv) throws IOException {
        this.csv = csv;
        if (csv != null) {
            Files.createDirectories(csv.toAbsolutePath().getParent());
            Files.writeString(csv, "broker,round,figure,value,load1" + System.lineSeparator());
        }
    }

    /** A sample read back from a CSV (its load as recorded then). */
    void restore(Sample sample) {
        samples.add(sample);
    }

    void restoreFailure(String failure) {
        failures.add(failure);
    }

    void add(String broker, int round, Figure figure, double value) {
        Sample sample = new Sample(broker, round, figure, value, ProcStatus.loadAverage1());
        samples.add(sample);
        String line = String.format(Locale.ROOT, "%s,%d,%s,%.4f,%.2f%n", broker, round, figure.name(), value, sample.load1());
        try {
            if (csv != null) {
                Files.writeString(csv, line, java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            System.err.println("cannot append to " + csv + ": " + e);
        }
        System.out.printf(Locale.ROOT, "  %-6s round %d  %-48s %12.2f %-9s (load %.2f)%n", broker, round,
            figure.label(), value, figure.unit(), sample.load1());
    }

    void failure(String broker, int round, String what, Exception e) {
        String message = broker + " round " + round + ": " + what + " failed: " + e.getMessage();
        failures.add(message.lines().findFirst().orElse(message));
        System.out.println("  FAILED " + message);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    double[] values(String broker, Figure figure) {
        return samples.stream().filter(s -> s.broker().equals(broker) && s.figure() == figure)
            .mapToDouble(Sample::value).toArray();
    }

    OptionalDouble median(String broker, Figure figure) {
        return median(values(broker, figure));
    }

    /** The load averages seen while this broker's figures were taken. */
    double[] loads(String broker) {
        return samples.stream().filter(s -> s.broker().equals(broker)).mapToDouble(Sample::load1).toArray();
    }

    static OptionalDouble median(double[] values) {
        if (values.length == 0) {
            return OptionalDouble.empty();
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return OptionalDouble.of(sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }
}
