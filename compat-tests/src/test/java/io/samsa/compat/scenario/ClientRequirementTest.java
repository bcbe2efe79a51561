package io.samsa.compat.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientRequirementTest {

    @Test
    void versionsCompareNumericallyPartByPart() {
        ClientRequirement since31 = new ClientRequirement("3.1", "Admin.describeTopics(TopicCollection)");
        assertTrue(since31.metBy("3.1.0"));
        assertTrue(since31.metBy("3.9.2"));
        assertTrue(since31.metBy("4.4.0"));
        assertTrue(since31.metBy("3.10.0"));
        assertFalse(since31.metBy("2.8.2"));
        assertFalse(since31.metBy("3.0.1"));
        assertEquals("kafka-clients 2.8.2 lacks Admin.describeTopics(TopicCollection) (since 3.1)",
            since31.reason("2.8.2"));
    }

    @Test
    void everyJavaScenarioRequirementNamesAnOlderGenerationThanTheTestClasspaths() {
        for (Scenario scenario : JavaClientScenarios.all()) {
            if (scenario.requirement() != null) {
                assertTrue(scenario.requirement().metBy(JavaClientScenarios.VERSION), scenario.name());
            }
        }
    }
}
