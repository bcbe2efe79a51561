package io.samsa.compat.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.compat.scenario.Glob;
import io.samsa.compat.scenario.JavaClientScenarios;
import io.samsa.compat.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {

    @Test
    void parsesEntriesWithMultiWordReasonsAndSkipsComments() {
        AllowList list = AllowList.parse(List.of("# header", "", "  any  a-*  f.*   a reason with   spaces  "));
        assertEquals(1, list.entries().size());
        AllowList.Entry entry = list.entries().get(0);
        assertEquals("a reason with   spaces", entry.reason());
        assertEquals(3, entry.line());
        assertTrue(list.explain("samsa", "a-b", "f.g").isPresent());
        assertFalse(list.explain("samsa", "b-a", "f.g").isPresent());
    }

    @Test
    void anEntryWithoutReasonIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> AllowList.parse(List.of("samsa describe-cluster cluster.id")));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void globsMatchWholeNames() {
        assertTrue(Glob.matches("*", "anything"));
        assertTrue(Glob.matches("group-*", "group-join"));
        assertTrue(Glob.matches("*.value", "retention.ms.value"));
        assertFalse(Glob.matches("group", "group-join"));
        assertFalse(Glob.matches("a.b", "axb"), "dots are literal");
    }

    /** The module's allow-list parses, and every entry names a scenario that exists. */
    @Test
    void theModulesAllowListIsValid() throws Exception {
        AllowList list = AllowList.load(Path.of("compat-allowlist.txt"));
        List<String> names = JavaClientScenarios.all().stream().map(Scenario::name).toList();
        for (AllowList.Entry entry : list.entries()) {
            assertTrue(names.stream().anyMatch(n -> Glob.matches(entry.scenario(), n)), "no scenario matches " + entry);
        }
    }
}
