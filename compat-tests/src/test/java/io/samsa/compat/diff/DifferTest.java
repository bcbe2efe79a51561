package io.samsa.compat.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.compat.scenario.ScenarioResult;
import io.samsa.compat.scenario.ScenarioResult.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DifferTest {
    private static final AllowList ALLOW = AllowList.parse(List.of(
        "# comment",
        "any    describe-cluster  cluster.id   random per cluster",
        "samsa  group-*           generation*  Samsa bumps generations differently (issue 99)",
        "samsa  describe-configs-broker  status  not implemented yet (issue 42)"));

    private static ScenarioResult result(String target, String scenario, Status status, Object... fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            map.put((String) fields[i], fields[i + 1]);
        }
        return new ScenarioResult(scenario, "java", target, status, map, List.of(), 1);
    }

    @Test
    void identicalResultsHaveNoDifferences() {
        ScenarioResult ref = result("kafka", "s", Status.PASS, "a", 1L, "b", List.of("x"), "c", null);
        ScenarioResult cand = result("samsa", "s", Status.PASS, "a", 1L, "b", List.of("x"), "c", null);
        assertEquals(List.of(), Differ.compare(ref, cand, ALLOW));
    }

    @Test
    void changedMissingAndExtraFieldsAreDifferences() {
        ScenarioResult ref = result("kafka", "s", Status.PASS, "a", 1L, "b", "gone", "n", null);
        ScenarioResult cand = result("samsa", "s", Status.PASS, "a", 2L, "extra", true, "n", null);
        List<Difference> diffs = Differ.compare(ref, cand, ALLOW);
        assertEquals(List.of("a: 1 -> 2", "b: \"gone\" -> (absent)", "extra: (absent) -> true"),
            diffs.stream().map(d -> d.field() + ": " + d.reference() + " -> " + d.candidate()).toList());
        assertEquals(3, Differ.unexplained(diffs).size());
    }

    @Test
    void nullIsNotAbsent() {
        ScenarioResult ref = result("kafka", "s", Status.PASS, "n", null);
        ScenarioResult cand = result("samsa", "s", Status.PASS);
        assertEquals("(absent)", Differ.compare(ref, cand, ALLOW).get(0).candidate());
    }

    @Test
    void anyEntriesExplainEveryTargetAndTargetEntriesOnlyTheirs() {
        ScenarioResult ref = result("kafka", "describe-cluster", Status.PASS, "cluster.id", "abc");
        ScenarioResult again = result("kafka-again", "describe-cluster", Status.PASS, "cluster.id", "xyz");
        assertTrue(Differ.compare(ref, again, ALLOW).get(0).explained());

        ScenarioResult group = result("kafka", "group-join", Status.PASS, "generation", 1L);
        Difference forSamsa = Differ.compare(group, result("samsa", "group-join", Status.PASS, "generation", 2L), ALLOW)
            .get(0);
        assertEquals("Samsa bumps generations differently (issue 99)", forSamsa.explanation().reason());
        Difference forKafka = Differ.compare(group,
            result("kafka-again", "group-join", Status.PASS, "generation", 2L), ALLOW).get(0);
        assertNull(forKafka.explanation(), "a samsa entry must not hide a Kafka-vs-Kafka difference");
    }

    @Test
    void statusDifferenceIsItsOwnField() {
        ScenarioResult ref = result("kafka", "describe-configs-broker", Status.PASS, "x", 1L);
        ScenarioResult cand = result("samsa", "describe-configs-broker", Status.FAIL, "x", 2L);
        List<Difference> diffs = Differ.compare(ref, cand, ALLOW);
        assertEquals("status", diffs.get(0).field());
        assertTrue(diffs.get(0).explained());
        assertEquals(List.of("x"), Differ.unexplained(diffs).stream().map(Difference::field).toList());
    }

    @Test
    void notApplicableComparesOnlyStatus() {
        ScenarioResult ref = result("kafka", "s", Status.PASS, "x", 1L);
        ScenarioResult cand = result("samsa", "s", Status.NOT_APPLICABLE);
        assertEquals(List.of("status"), Differ.compare(ref, cand, ALLOW).stream().map(Difference::field).toList());
    }

    @Test
    void missingAndExtraScenariosAreDifferences() {
        List<Difference> diffs = Differ.compare(List.of(result("kafka", "one", Status.PASS)),
            List.of(result("samsa", "two", Status.PASS)), ALLOW, "samsa");
        assertEquals(List.of("one/*/ran/(absent)", "two/*/(absent)/ran"), diffs.stream()
            .map(d -> d.scenario() + "/" + d.field() + "/" + d.reference() + "/" + d.candidate()).toList());
    }
}
