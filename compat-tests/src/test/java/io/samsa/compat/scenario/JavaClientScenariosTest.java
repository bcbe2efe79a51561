package io.samsa.compat.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JavaClientScenariosTest {

    @Test
    void atLeastFortyNamedScenariosWithSummaries() {
        List<Scenario> all = JavaClientScenarios.all();
        assertTrue(all.size() >= 40, "only " + all.size() + " scenarios");
        for (Scenario s : all) {
            assertFalse(s.summary().isBlank(), s.name());
            assertFalse(s.area().isBlank(), s.name());
        }
    }

    @Test
    void restartScenariosRunLast() {
        List<Scenario> all = JavaClientScenarios.all();
        assertEquals("restart", all.get(all.size() - 1).area());
        assertEquals("restart", all.get(all.size() - 2).area());
    }

    @Test
    void filterSelectsByNameAndGlob() {
        assertEquals(List.of("describe-cluster"), JavaClientScenarios.selected("describe-cluster").stream()
            .map(Scenario::name).toList());
        assertEquals(5, JavaClientScenarios.selected("produce-compression-*").size());
        assertEquals(JavaClientScenarios.all().size(), JavaClientScenarios.selected(" ").size());
    }
}
