package io.samsa.compat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.compat.scenario.ScenarioInfo;
import io.samsa.compat.scenario.ScenarioResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildProtocolTest {

    @Test
    void aResultLineReadsBackAsTheSameResult() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("offsets", List.of(0L, 1L));
        fields.put("config", Map.of("value", "delete", "source", "DEFAULT_CONFIG"));
        fields.put("none", null);
        ScenarioResult result = new ScenarioResult("produce-acks-all", "c", "t", ScenarioResult.Status.FAIL, fields,
            List.of("why"), 42);
        String line = ChildProtocol.resultLine(result);
        assertTrue(line.startsWith(ChildProtocol.MARKER), line);
        assertEquals(result, ChildProtocol.result(ChildProtocol.parse(line).orElseThrow(), "c", "t"));
    }

    @Test
    void fieldsFromAScriptAreMadeCanonical() {
        // a script's dict keys come in any order and its integers are JSON numbers
        String line = ChildProtocol.MARKER + "{\"type\":\"result\",\"scenario\":\"s\",\"status\":\"PASS\","
            + "\"fields\":{\"m\":{\"b\":1,\"a\":[true,null,\"x\"]}},\"failures\":[],\"elapsedMillis\":7}";
        ScenarioResult result = ChildProtocol.result(ChildProtocol.parse(line).orElseThrow(), "c", "t");
        assertEquals("{a=[true, null, x], b=1}", result.fields().get("m").toString());
        assertEquals(1L, ((Map<?, ?>) result.fields().get("m")).get("b"));
    }

    @Test
    void otherLinesAreNotProtocolAndABrokenOneIsAnError() {
        assertTrue(ChildProtocol.parse("INFO something happened").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ChildProtocol.parse(ChildProtocol.MARKER + "[1, 2]"));
    }

    @Test
    void aListedScenarioKeepsItsTimeoutAndExclusiveness() {
        String line = ChildProtocol.MARKER + "{\"type\":\"scenario\",\"name\":\"broker-kill-idempotent-produce\","
            + "\"area\":\"restart\",\"summary\":\"s\",\"timeoutMillis\":150000,\"exclusive\":true}";
        assertEquals(new ScenarioInfo("broker-kill-idempotent-produce", "restart", "s", Duration.ofSeconds(150), true),
            ChildProtocol.scenario(ChildProtocol.parse(line).orElseThrow()));
    }
}
