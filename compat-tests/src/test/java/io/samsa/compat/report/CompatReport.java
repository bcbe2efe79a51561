package io.samsa.compat.report;

import io.samsa.compat.diff.Difference;
import io.samsa.compat.scenario.ScenarioInfo;
import io.samsa.compat.scenario.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The suite's output: {@code compat-report.md} (the matrix of scenarios x clients, where a cell
 * sums up a client's scenario on every target against the reference; per-run totals; failures;
 * every difference from the reference with its explanation; what is not applicable and why;
 * what each scenario checks) and {@code compat-results.json} (every observed field of every run).
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

        Optional<ScenarioResult> result(String scenario) {
            return results.stream().filter(r -> r.scenario().equals(scenario)).findFirst();
        }

        long count(ScenarioResult.Status status) {
            return results.stream().filter(r -> r.status() == status).count();
        }
    }

    /** One client's run on a candidate target compared with its run on the reference. */
    public record Comparison(String client, String reference, String candidate, List<Difference> differences) {
        long unexplained() {
            return differences.stream().filter(d -> !d.explained()).count();
        }
    }

    /**
     * A column: a client, the scenarios it runs, why it could not run if it could not, and the
     * scenarios left out as known Samsa gaps (scenario to reason).
     */
    public record Client(String name, Set<String> scenarios, String unavailable, Map<String, String> knownGaps) {
        public Client {
            knownGaps = Map.copyOf(knownGaps);
        }
    }

    private final List<ScenarioInfo> catalog;
    private final List<Client> clients;
    private final List<Run> runs = new ArrayList<>();
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String reference = "";

    /**
     * @param catalog every scenario of every client, in report order (a name appears once)
     * @param clients the columns
     */
    public CompatReport(List<ScenarioInfo> catalog, List<Client> clients) {
        this.catalog = List.copyOf(catalog);
        this.clients = List.copyOf(clients);
    }

    public void reference(String target) {
        reference = target;
    }

    public synchronized void add(Run run) {
        runs.add(run);
    }

    public synchronized void add(Comparison comparison) {
        comparisons.add(comparison);
    }

    public synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("compat-report.md"), markdown());
        Files.writeString(dir.resolve("compat-results.json"), Json.pretty(json()) + "\n");
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Compatibility report\n\n");
        notes.forEach(note -> md.append("- ").append(note).append('\n'));
        appendRuns(md);
        appendMatrix(md);
        appendFailures(md);
        appendDifferences(md);
        appendKnownGaps(md);
        appendNotApplicable(md);
        md.append("\n## What each scenario checks\n\n");
        catalog.forEach(s -> md.append("- `").append(s.name()).append("` (").append(s.area()).append("): ")
            .append(s.summary()).append('\n'));
        return md.toString();
    }

    private void appendRuns(StringBuilder md) {
        md.append("\n## Runs\n\n| client | target | pass | fail | n.a. | scenario time | differences (unexplained) |\n"
            + "| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Run run : runs) {
            String differences = comparisons.stream()
                .filter(c -> c.client().equals(run.client()) && c.candidate().equals(run.target()))
                .map(c -> c.differences().size() + " (" + c.unexplained() + ")").findFirst().orElse("reference");
            md.append("| ").append(run.client()).append(" | ").append(run.target()).append(" | ")
                .append(run.count(ScenarioResult.Status.PASS)).append(" | ")
                .append(run.count(ScenarioResult.Status.FAIL)).append(" | ")
                .append(run.count(ScenarioResult.Status.NOT_APPLICABLE)).append(" | ")
                .append(seconds(run.scenarioMillis())).append(" | ").append(differences).append(" |\n");
        }
        for (Client client : clients) {
            if (client.unavailable() != null) {
                md.append("\n").append(client.name()).append(": **not available**: ").append(client.unavailable())
                    .append('\n');
            }
        }
    }

    private void appendMatrix(StringBuilder md) {
        md.append("\n## Matrix\n\n`pass`: passed on the reference (").append(reference)
            .append(") and on every target, with no unexplained difference from the reference; `FAIL x`: failed "
                + "or differed on target x; `n.a.`: the client cannot express the scenario (see below); `gap`: a known "
                + "Samsa gap, not run by default (see below); `–`: not a scenario of this client.\n\n| scenario | area |");
        clients.forEach(c -> md.append(' ').append(c.name()).append(" |"));
        md.append("\n| --- | --- |");
        clients.forEach(c -> md.append(" --- |"));
        md.append('\n');
        for (ScenarioInfo scenario : catalog) {
            md.append("| `").append(scenario.name()).append("` | ").append(scenario.area()).append(" |");
            for (Client client : clients) {
                md.append(' ').append(cell(client, scenario.name())).append(" |");
            }
            md.append('\n');
        }
    }

    private String cell(Client client, String scenario) {
        if (client.knownGaps().containsKey(scenario)) {
            return "**gap**";
        }
        if (!client.scenarios().contains(scenario)) {
            return "–";
        }
        if (client.unavailable() != null) {
            return "not run";
        }
        List<String> failedOn = new ArrayList<>();
        boolean ran = false;
        boolean notApplicable = false;
        for (Run run : runs) {
            if (!run.client().equals(client.name())) {
                continue;
            }
            Optional<ScenarioResult> result = run.result(scenario);
            if (result.isEmpty()) {
                continue;
            }
            ran = true;
            notApplicable |= result.get().status() == ScenarioResult.Status.NOT_APPLICABLE;
            boolean differs = comparisons.stream().anyMatch(c -> c.client().equals(client.name())
                && c.candidate().equals(run.target()) && c.differences().stream()
                .anyMatch(d -> d.scenario().equals(scenario) && !d.explained()));
            if (result.get().status() == ScenarioResult.Status.FAIL || differs) {
                failedOn.add(run.target());
            }
        }
        if (!ran) {
            return "not run";
        }
        if (!failedOn.isEmpty()) {
            return "**FAIL** " + String.join(", ", failedOn);
        }
        return notApplicable ? "n.a." : "pass";
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
        md.append("\n## Differences from the reference\n\n");
        List<String> none = new ArrayList<>();
        Map<String, List<String>> explainedOnly = new LinkedHashMap<>();
        for (Comparison c : comparisons) {
            if (c.differences().isEmpty()) {
                none.add(c.client() + " @ " + c.candidate());
                continue;
            }
            if (c.unexplained() == 0) {
                for (Difference d : c.differences()) {
                    explainedOnly.computeIfAbsent("`" + d.scenario() + "` / `" + d.field() + "`: " + d.explanation().reason()
                        + " (allow-list line " + d.explanation().line() + ")", k -> new ArrayList<>())
                        .add(c.client() + " @ " + c.candidate());
                }
                continue;
            }
            md.append("\n### ").append(c.client()).append(": ").append(c.candidate()).append(" vs ")
                .append(c.reference()).append("\n\n")
                .append("| scenario | field | reference | candidate | explanation |\n| --- | --- | --- | --- | --- |\n");
            for (Difference d : c.differences()) {
                md.append("| `").append(d.scenario()).append("` | `").append(d.field()).append("` | ")
                    .append(code(d.reference())).append(" | ").append(code(d.candidate())).append(" | ")
                    .append(d.explained() ? d.explanation().reason() + " (allow-list line " + d.explanation().line() + ")"
                        : "**unexplained**")
                    .append(" |\n");
            }
        }
        if (!explainedOnly.isEmpty()) {
            md.append("\nOnly explained differences:\n\n");
            explainedOnly.forEach((what, where) -> md.append("- ").append(what).append(": ")
                .append(String.join(", ", where)).append('\n'));
        }
        if (!none.isEmpty()) {
            md.append("\nNo differences at all: ").append(String.join(", ", none)).append(".\n");
        }
    }

    private void appendKnownGaps(StringBuilder md) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (Client client : clients) {
            client.knownGaps().forEach((scenario, reason) -> byReason.computeIfAbsent(reason, r -> new ArrayList<>())
                .add(client.name() + " / `" + scenario + "`"));
        }
        if (!byReason.isEmpty()) {
            md.append("\n## Known Samsa gaps (not run; compat-known-gaps.txt)\n\n");
            byReason.forEach((reason, where) -> md.append("- ").append(reason).append(": ")
                .append(String.join(", ", where)).append('\n'));
        }
    }

    private void appendNotApplicable(StringBuilder md) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Run run : runs) {
            for (ScenarioResult r : run.results()) {
                if (r.status() == ScenarioResult.Status.NOT_APPLICABLE) {
                    reasons.putIfAbsent(run.client() + " / `" + r.scenario() + "`", String.join("; ", r.failures()));
                }
            }
        }
        if (!reasons.isEmpty()) {
            md.append("\n## Not applicable\n\n");
            reasons.forEach((what, why) -> md.append("- ").append(what).append(": ").append(why).append('\n'));
        }
    }

    private static String code(String json) {
        String shown = json.length() > 120 ? json.substring(0, 117) + "..." : json;
        return "`" + shown.replace("|", "\\|").replace("`", "'") + "`";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("reference", reference);
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
            m.put("client", c.client());
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

    /**
     * Every scenario name once (the first description wins), grouped by area in the order the
     * areas first appear, and within an area in the order the lists come.
     */
    public static List<ScenarioInfo> catalog(List<List<ScenarioInfo>> lists) {
        Map<String, ScenarioInfo> byName = new LinkedHashMap<>();
        lists.forEach(list -> list.forEach(s -> byName.putIfAbsent(s.name(), s)));
        Map<String, List<ScenarioInfo>> byArea = new LinkedHashMap<>();
        byName.values().forEach(s -> byArea.computeIfAbsent(s.area(), a -> new ArrayList<>()).add(s));
        List<ScenarioInfo> catalog = new ArrayList<>();
        byArea.values().forEach(catalog::addAll);
        return List.copyOf(catalog);
    }

    /** The scenario names of a client, for {@link Client}. */
    public static Set<String> names(List<ScenarioInfo> scenarios) {
        Set<String> names = new LinkedHashSet<>();
        scenarios.forEach(s -> names.add(s.name()));
        return names;
    }
}
