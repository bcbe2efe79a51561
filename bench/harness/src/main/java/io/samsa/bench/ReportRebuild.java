package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code samsa-bench.jar rebuild --raw FILE.csv [run options] [--started ISO-TIME]}: the Markdown
 * report of a finished run again, from its raw CSV and the tool outputs still in its work
 * directory, with today's validity rules (a producer run must be clean: see
 * {@link ToolResults.Producer#parseClean}). Samples of runs that fail the rules are dropped and
 * listed as failures, with the producer CPU figure of that broker turn. Nothing is re-measured.
 */
final class ReportRebuild {
    private static final Set<Figure> PRODUCER_FIGURES = Set.of(Figure.PRODUCE_P1_ACKS1, Figure.PRODUCE_P1_ACKSALL,
        Figure.PRODUCE_P6_ACKS1, Figure.PRODUCE_P6_ACKSALL);

    private ReportRebuild() {
    }

    static void main(String[] args) throws IOException {
        Path raw = null;
        ZonedDateTime started = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--raw" -> raw = Path.of(args[++i]);
                case "--started" -> started = ZonedDateTime.parse(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        if (raw == null) {
            throw new IllegalArgumentException("rebuild needs --raw FILE.csv (and the options of the run)");
        }
        BenchOptions options = BenchOptions.parse(rest.toArray(String[]::new));
        Results results = new Results(null);
        List<String> lines = Files.readAllLines(raw);
        List<String> invalidTurns = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            String broker = f[0];
            int round = Integer.parseInt(f[1]);
            Figure figure = Figure.valueOf(f[2]);
            if (PRODUCER_FIGURES.contains(figure)) {
                String problem = producerProblem(options.workDir(), broker, round, figure);
                if (problem != null) {
                    results.failure(broker, round, figure.label(), new IllegalStateException(problem));
                    invalidTurns.add(broker + "/" + round);
                    continue;
                }
            }
            results.restore(new Results.Sample(broker, round, figure, Double.parseDouble(f[3]), Double.parseDouble(f[4])));
        }
        missingRuns(options, results);
        Results cleaned = new Results(null);
        results.failures().forEach(cleaned::restoreFailure);
        for (Results.Sample s : results.samples()) {
            if (s.figure() == Figure.PRODUCE_CPU_S_PER_GIB && invalidTurns.contains(s.broker() + "/" + s.round())) {
                continue; // the CPU of that turn's producer runs includes the unclean one
            }
            cleaned.restore(s);
        }
        String kafkaClasspath = Bench.readClasspath(options.kafkaClasspathFile());
        String toolsClasspath = Bench.readClasspath(options.toolsClasspathFile());
        new MarkdownReport(options, cleaned, Bench.version(kafkaClasspath, "kafka_2.13"),
            Bench.version(toolsClasspath, "kafka-tools"), started == null ? ZonedDateTime.now() : started,
            Machine.describe(options.workDir())).write(options.report());
        System.out.printf(Locale.ROOT, "report: %s (%d samples, %d failures)%n", options.report().toAbsolutePath(),
            cleaned.samples().size(), cleaned.failures().size());
    }

    /** Producer and consumer figures a turn has no sample of: the run failed then; say why again. */
    private static void missingRuns(BenchOptions options, Results results) throws IOException {
        Set<String> turns = new java.util.TreeSet<>();
        results.samples().forEach(s -> turns.add(s.round() + "/" + s.broker()));
        for (String turn : turns) {
            int round = Integer.parseInt(turn.substring(0, turn.indexOf('/')));
            String broker = turn.substring(turn.indexOf('/') + 1);
            for (Figure figure : PRODUCER_FIGURES.stream().sorted().toList()) {
                boolean failedAlready = results.failures().stream()
                    .anyMatch(f -> f.startsWith(broker + " round " + round + ": " + figure.label() + " "));
                if (!has(results, broker, round, figure) && !failedAlready) {
                    String problem = producerProblem(options.workDir(), broker, round, figure);
                    results.failure(broker, round, figure.label(), new IllegalStateException(problem == null
                        ? "no figure recorded" : problem));
                }
            }
            for (Figure figure : List.of(Figure.CONSUME_P1_MBS, Figure.CONSUME_P6_MBS)) {
                if (!has(results, broker, round, figure)) {
                    String topic = figure == Figure.CONSUME_P1_MBS ? "bench-p1-acks1" : "bench-p6-acks1";
                    Path output = options.workDir().resolve("round" + round + "-" + broker).resolve("tools")
                        .resolve("consume-" + topic + ".txt");
                    String problem = "no figure recorded";
                    try {
                        ToolResults.Consumer.parse(new KafkaTools.Run("ConsumerPerformance", Files.readAllLines(output), 0, 0,
                            output), options.records());
                    } catch (IllegalStateException | IOException e) {
                        problem = e.getMessage();
                    }
                    results.failure(broker, round, figure.label(), new IllegalStateException(problem));
                }
            }
        }
    }

    private static boolean has(Results results, String broker, int round, Figure figure) {
        return results.samples().stream().anyMatch(s -> s.broker().equals(broker) && s.round() == round && s.figure() == figure);
    }

    /** Why the producer run behind this sample is not clean, or null. */
    private static String producerProblem(Path workDir, String broker, int round, Figure figure) throws IOException {
        String topic = switch (figure) {
            case PRODUCE_P1_ACKS1 -> "bench-p1-acks1";
            case PRODUCE_P1_ACKSALL -> "bench-p1-acksall";
            case PRODUCE_P6_ACKS1 -> "bench-p6-acks1";
            default -> "bench-p6-acksall";
        };
        Path output = workDir.resolve("round" + round + "-" + broker).resolve("tools").resolve(topic + ".txt");
        if (!Files.exists(output)) {
            return "no tool output " + output;
        }
        KafkaTools.Run run = new KafkaTools.Run("ProducerPerformance", Files.readAllLines(output), 0, 0, output);
        long expected = Long.parseLong(Arrays.stream(run.lines().get(0).split(" "))
            .dropWhile(w -> !w.equals("--num-records")).skip(1).findFirst().orElse("0"));
        try {
            ToolResults.Producer.parseClean(run, expected);
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }
}
