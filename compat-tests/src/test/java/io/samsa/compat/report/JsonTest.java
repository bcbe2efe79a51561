package io.samsa.compat.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.samsa.compat.scenario.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

    @Test
    void roundTripsObservationValues() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "quote \" backslash \\ newline \n tab \t control \u0001 unicode \u00e9\u2713");
        value.put("n", null);
        value.put("l", -42L);
        value.put("d", 1.5);
        value.put("b", true);
        value.put("list", Arrays.asList(1L, "two", null, List.of()));
        value.put("map", Map.of("k", Map.of()));
        assertEquals(value, Json.read(Json.write(value)));
        assertEquals(value, Json.read(Json.pretty(value)));
    }

    @Test
    void rejectsMalformedText() {
        assertThrows(IllegalArgumentException.class, () -> Json.read("{\"a\": }"));
        assertThrows(IllegalArgumentException.class, () -> Json.read("[1, 2] x"));
        assertThrows(IllegalArgumentException.class, () -> Json.read("\"open"));
    }

    @Test
    void reportResultsReadBackEqual(@TempDir Path dir) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("offsets", List.of(0L, 1L));
        fields.put("config", Map.of("value", "delete", "synonyms", List.of("log.cleanup.policy=delete|DEFAULT_CONFIG")));
        fields.put("none", null);
        ScenarioResult result = new ScenarioResult("s", "java", "kafka", ScenarioResult.Status.FAIL, fields,
            List.of("why"), 12);
        CompatReport report = new CompatReport(List.of(), List.of());
        report.add(new CompatReport.Run("kafka", "java", 3000, List.of(result)));
        report.write(dir);
        List<CompatReport.Run> runs = CompatReport.readRuns(dir.resolve("compat-results.json"));
        assertEquals(List.of(result), runs.get(0).results());
        assertEquals(3000, runs.get(0).startupMillis());
        assertEquals(true, Files.readString(dir.resolve("compat-report.md")).contains("kafka"));
    }
}
