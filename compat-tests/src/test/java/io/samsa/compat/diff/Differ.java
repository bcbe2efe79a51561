package io.samsa.compat.diff;

import io.samsa.compat.scenario.ScenarioResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a candidate run with the reference run, scenario by scenario and field by field, and
 * attaches the allow-list entry that explains each difference. The reference is real Apache
 * Kafka; what Kafka observes is by definition right, so every difference is the candidate's until
 * it is fixed or explained.
 */
public final class Differ {
    public static final String STATUS = "status";
    public static final String WHOLE_SCENARIO = "*";

    private Differ() {
    }

    /** The comparison of one candidate scenario with its reference. */
    public static List<Difference> compare(ScenarioResult reference, ScenarioResult candidate, AllowList allowList) {
        String target = candidate.target();
        String scenario = reference.scenario();
        List<Difference> differences = new ArrayList<>();
        if (reference.status() != candidate.status()) {
            differences.add(new Difference(scenario, STATUS, reference.status().name(), candidate.status().name(),
                allowList.explain(target, scenario, STATUS).orElse(null)));
        }
        if (reference.status() == ScenarioResult.Status.NOT_APPLICABLE
            || candidate.status() == ScenarioResult.Status.NOT_APPLICABLE) {
            return differences;
        }
        Set<String> fields = new LinkedHashSet<>(reference.fields().keySet());
        fields.addAll(candidate.fields().keySet());
        for (String field : fields) {
            boolean inReference = reference.fields().containsKey(field);
            boolean inCandidate = candidate.fields().containsKey(field);
            Object r = reference.fields().get(field);
            Object c = candidate.fields().get(field);
            if (inReference != inCandidate || !Objects.equals(r, c)) {
                differences.add(new Difference(scenario, field, Difference.render(inReference, r),
                    Difference.render(inCandidate, c), allowList.explain(target, scenario, field).orElse(null)));
            }
        }
        return differences;
    }

    /** Every scenario of the reference against the candidate run (scenarios matched by name). */
    public static List<Difference> compare(List<ScenarioResult> reference, List<ScenarioResult> candidate,
                                           AllowList allowList, String target) {
        Map<String, ScenarioResult> byName = new LinkedHashMap<>();
        candidate.forEach(result -> byName.put(result.scenario(), result));
        List<Difference> differences = new ArrayList<>();
        for (ScenarioResult ref : reference) {
            ScenarioResult cand = byName.remove(ref.scenario());
            if (cand == null) {
                differences.add(new Difference(ref.scenario(), WHOLE_SCENARIO, "ran", Difference.ABSENT,
                    allowList.explain(target, ref.scenario(), WHOLE_SCENARIO).orElse(null)));
            } else {
                differences.addAll(compare(ref, cand, allowList));
            }
        }
        byName.keySet().forEach(extra -> differences.add(new Difference(extra, WHOLE_SCENARIO, Difference.ABSENT, "ran",
            allowList.explain(target, extra, WHOLE_SCENARIO).orElse(null))));
        return differences;
    }

    public static List<Difference> unexplained(List<Difference> differences) {
        return differences.stream().filter(d -> !d.explained()).toList();
    }
}
