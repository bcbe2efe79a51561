package io.samsa.compat.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownGapsTest {

    @Test
    void entriesMatchClientAndScenarioGlobs() {
        KnownGaps gaps = KnownGaps.parse(List.of("# comment", "", "kafka-python*  client-*  a reason  with spaces"));
        assertEquals("a reason  with spaces", gaps.find("kafka-python-2.0.2", "client-broker-version-guess")
            .orElseThrow().reason());
        assertFalse(gaps.find("kafkajs-2.2.4", "client-broker-version-guess").isPresent());
        assertFalse(gaps.find("kafka-python-2.0.2", "describe-cluster").isPresent());
    }

    @Test
    void anEntryWithoutReasonIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> KnownGaps.parse(List.of("* describe-cluster")));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void theModulesKnownGapsParse() throws Exception {
        // Every entry must parse (none is listed at the moment: the ACL gap was closed).
        org.junit.jupiter.api.Assertions.assertNotNull(KnownGaps.load(Path.of("compat-known-gaps.txt")).entries());
    }
}
