package io.samsa.compat.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.compat.diff.AllowList;
import io.samsa.compat.diff.Differ;
import io.samsa.compat.scenario.ScenarioInfo;
import io.samsa.compat.scenario.ScenarioResult;
import io.samsa.compat.scenario.ScenarioResult.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompatReportTest {
    private static ScenarioInfo info(String name, String area) {
        return new ScenarioInfo(name, area, "checks " + name, Duration.ofSeconds(1), false);
    }

    private static ScenarioResult result(String scenario, String target, Status status, long value) {
        return new ScenarioResult(scenario, "c", target, status, Map.of("v", value), List.of(), 1);
    }

    @Test
    void theCatalogGroupsAreasInTheOrderTheyFirstAppear() {
        List<ScenarioInfo> catalog = CompatReport.catalog(List.of(
            List.of(info("a1", "a"), info("b1", "b")),
            List.of(info("a2", "a"), info("c1", "c"), info("a1", "a"))));
        assertEquals(List.of("a1", "a2", "b1", "c1"), catalog.stream().map(ScenarioInfo::name).toList());
    }

    @Test
    void aCellSumsUpAScenarioOnEveryTargetAgainstTheReference() {
        List<ScenarioInfo> catalog = List.of(info("same", "x"), info("differs", "x"), info("na", "x"),
            info("gapped", "x"), info("other", "x"));
        CompatReport report = new CompatReport(catalog, List.of(new CompatReport.Client("c",
            Set.of("same", "differs", "na"), null, Map.of("gapped", "a known gap"))));
        List<ScenarioResult> reference = List.of(result("same", "ref", Status.PASS, 1),
            result("differs", "ref", Status.PASS, 1), result("na", "ref", Status.NOT_APPLICABLE, 0));
        List<ScenarioResult> samsa = List.of(result("same", "samsa", Status.PASS, 1),
            result("differs", "samsa", Status.PASS, 2), result("na", "samsa", Status.NOT_APPLICABLE, 0));
        report.add(new CompatReport.Run("ref", "c", 1, reference));
        report.add(new CompatReport.Run("samsa", "c", 1, samsa));
        report.add(new CompatReport.Comparison("c", "ref", "samsa",
            Differ.compare(reference, samsa, AllowList.empty(), "samsa")));
        String md = report.markdown();
        assertTrue(md.contains("| `same` | x | pass |"), md);
        assertTrue(md.contains("| `differs` | x | **FAIL** samsa |"), md);
        assertTrue(md.contains("| `na` | x | n.a. |"), md);
        assertTrue(md.contains("| `gapped` | x | **gap** |"), md);
        assertTrue(md.contains("| `other` | x | – |"), md);
        assertTrue(md.contains("- a known gap: c / `gapped`"), md);
    }
}
