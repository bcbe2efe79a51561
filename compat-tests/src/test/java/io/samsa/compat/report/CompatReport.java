package io.samsa.compat.report;

import io.samsa.compat.diff.Difference;
import io.samsa.compat.scenario.Scenario;
import io.samsa.compat.scenario.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite's output: {@code compat-report.md} (client x scenario per target: pass / FAIL / n.a.,
 * the differential comparisons with every difference and its explanation, timings) and
 * {@code compat-results.json} (every observed field of every run, for later comparisons).
 *
 * <p>Filled by one test thread, written at the end of the suite.
 */
public final class CompatReport {

    /** One client's results against one target. */
    public record Run(String target, String client, long startupMillis, List<ScenarioResult> results) {
        public String column() {
            return client + " @ " + target;
        }

        long scenarioMillis() {
            return results.stream().mapToLong(ScenarioResult::elapsedMillis).sum();
        }
    }

    /** A candidate run compared with the reference run. */
    public record Comparison(String reference, String candidate, List<Difference> differences) {
        long unexplained() {
            return differences.stream().filter(d -> !d.explained()).count();
        }
    }

    private final List<Scenario> scenarios;
    private final List<Run> runs = new ArrayList<>();
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public CompatReport(List<Scenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
    }

    public void add(Run run) {
        runs.add(run);
    }

    public void add(Comparison comparison) {
        comparisons.add(comparison);
    }

    public void note(String note) {
        notes.add(note);
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("compat-report.md"), markdown());
        Files.writeString(dir.resolve("compat-results.json"), Json.pretty(json()) + "\n");
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Compatibility report\n\n");
        for (Run run : runs) {
            long passed = run.results().stream().filter(ScenarioResult::passed).count();
            md.append("- **").append(run.column()).append("**: ").append(passed).append('/')
                .append(run.results().size()).append(" passed; broker ready in ").append(run.startupMillis())
                .append(" ms; scenarios took ").append(seconds(run.scenarioMillis())).append('\n');
        }
        for (Comparison c : comparisons) {
            md.append("- **").append(c.candidate()).append(" vs ").append(c.reference()).append("**: ")
                .append(c.differences().size()).append(" differences, ").append(c.unexplained())
                .append(" unexplained\n");
        }
        notes.forEach(note -> md.append("- ").append(note).append('\n'));
        md.append("\n## Scenarios\n\n| scenario | area |");
        runs.forEach(run -> md.append(' ').append(run.column()).append(" |"));
        md.append("\n| --- | --- |");
        runs.forEach(run -> md.append(" --- |"));
        md.append('\n');
        for (Scenario scenario : scenarios) {
            md.append("| `").append(scenario.name()).append("` | ").append(scenario.area()).append(" |");
            for (Run run : runs) {
                md.append(' ').append(cell(run, scenario.name())).append(" |");
            }
            md.append('\n');
        }
        appendFailures(md);
        appendDifferences(md);
        md.append("\n## What each scenario checks\n\n");
        scenarios.forEach(s -> md.append("- `").append(s.name()).append("`: ").append(s.summary()).append('\n'));
        return md.toString();
    }

    private static String cell(Run run, String scenario) {
        return run.results().stream().filter(r -> r.scenario().equals(scenario)).findFirst()
            .map(r -> switch (r.status()) {
                case PASS -> "pass (" + seconds(r.elapsedMillis()) + ")";
                case FAIL -> "**FAIL**";
                case NOT_APPLICABLE -> "n.a.";
            }).orElse("not run");
    }

    private void appendFailures(StringBuilder md) {
        boolean header = false;
        for (Run run : runs) {
            for (ScenarioResult r : run.results()) {
                if (r.status() == ScenarioResult.Status.FAIL) {
                    if (!header) {
                        md.append("\n## Failures\n\n");
                        header = true;
                    }
                    md.append("- `").append(r.scenario()).append("` on ").append(run.column()).append(": ")
                        .append(String.join("; ", r.failures()).replace("|", "\\|")).append('\n');
                }
            }
        }
    }

    private void appendDifferences(StringBuilder md) {
        for (Comparison c : comparisons) {
            md.append("\n## Differences: ").append(c.candidate()).append(" vs ").append(c.reference()).append("\n\n");
            if (c.differences().isEmpty()) {
                md.append("None.\n");
                continue;
            }
            md.append("| scenario | field | reference | candidate | explanation |\n| --- | --- | --- | --- | --- |\n");
            for (Difference d : c.differences()) {
                md.append("| `").append(d.scenario()).append("` | `").append(d.field()).append("` | ")
                    .append(code(d.reference())).append(" | ").append(code(d.candidate())).append(" | ")
                    .append(d.explained() ? d.explanation().reason() + " (allow-list line " + d.explanation().line() + ")"
                        : "**unexplained**")
                    .append(" |\n");
            }
        }
    }

    private static String code(String json) {
        String shown = json.length() > 120 ? json.substring(0, 117) + "..." : json;
        return "`" + shown.replace("|", "\\|").replace("`", "'") + "`";
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> runList = new ArrayList<>();
        for (Run run : runs) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("target", run.target());
            r.put("client", run.client());
            r.put("startupMillis", run.startupMillis());
            Map<String, Object> results = new LinkedHashMap<>();
            for (ScenarioResult result : run.results()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("status", result.status().name());
                s.put("elapsedMillis", result.elapsedMillis());
                s.put("failures", result.failures());
                s.put("fields", result.fields());
                results.put(result.scenario(), s);
            }
            r.put("scenarios", results);
            runList.add(r);
        }
        root.put("runs", runList);
        List<Object> comparisonList = new ArrayList<>();
        for (Comparison c : comparisons) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reference", c.reference());
            m.put("candidate", c.candidate());
            List<Object> diffs = new ArrayList<>();
            for (Difference d : c.differences()) {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("scenario", d.scenario());
                dm.put("field", d.field());
                dm.put("reference", d.reference());
                dm.put("candidate", d.candidate());
                dm.put("explanation", d.explained() ? d.explanation().reason() : null);
                diffs.add(dm);
            }
            m.put("differences", diffs);
            comparisonList.add(m);
        }
        root.put("comparisons", comparisonList);
        return root;
    }

    /** Reads the runs back from a {@code compat-results.json} (a saved reference, for instance). */
    @SuppressWarnings("unchecked")
    public static List<Run> readRuns(Path file) throws IOException {
        Map<String, Object> root = (Map<String, Object>) Json.read(Files.readString(file));
        List<Run> runs = new ArrayList<>();
        for (Object o : (List<Object>) root.get("runs")) {
            Map<String, Object> r = (Map<String, Object>) o;
            String target = (String) r.get("target");
            String client = (String) r.get("client");
            List<ScenarioResult> results = new ArrayList<>();
            ((Map<String, Object>) r.get("scenarios")).forEach((name, value) -> {
                Map<String, Object> s = (Map<String, Object>) value;
                results.add(new ScenarioResult(name, client, target,
                    ScenarioResult.Status.valueOf((String) s.get("status")), (Map<String, Object>) s.get("fields"),
                    (List<String>) (List<?>) s.get("failures"), (Long) s.get("elapsedMillis")));
            });
            runs.add(new Run(target, client, (Long) r.get("startupMillis"), results));
        }
        return runs;
    }
}
