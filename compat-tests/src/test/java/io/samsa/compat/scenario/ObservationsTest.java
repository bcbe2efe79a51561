package io.samsa.compat.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class ObservationsTest {

    @Test
    void valuesAreCanonical() {
        Observations out = new Observations();
        Map<Object, Object> unordered = new LinkedHashMap<>();
        unordered.put("b", 2);
        unordered.put("a", (short) 1);
        out.put("int", 3).put("set", Set.of(3, 1, 2)).put("map", unordered).put("enum", ConfigResource.Type.TOPIC)
            .put("optional", Optional.of(7)).put("empty", Optional.empty()).put("float", 1.5f);
        assertEquals(Map.of("int", 3L, "set", List.of(1L, 2L, 3L), "map", Map.of("a", 1L, "b", 2L), "enum", "TOPIC",
            "optional", 7L, "float", 1.5d), withoutNulls(out.fields()));
        assertEquals(List.of("a", "b"), List.copyOf(((Map<?, ?>) out.fields().get("map")).keySet()));
        assertEquals(null, out.fields().get("empty"));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> fields) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.values().removeIf(java.util.Objects::isNull);
        return copy;
    }

    @Test
    void unstableValuesAreRejected() {
        Observations out = new Observations();
        assertThrows(IllegalArgumentException.class, () -> out.put("tp", new TopicPartition("t", 0)));
    }

    @Test
    void aFieldIsRecordedOnce() {
        Observations out = new Observations().put("x", 1);
        assertThrows(IllegalArgumentException.class, () -> out.put("x", 2));
    }

    @Test
    void expectRecordsTheActualValueAndTheMismatch() {
        Observations out = new Observations();
        out.expect("same", 1L, 1).expect("other", "ok", "TopicExistsException").check("holds", false);
        assertEquals("TopicExistsException", out.fields().get("other"));
        assertEquals(List.of("other: expected \"ok\" but was \"TopicExistsException\"", "holds: expected true but was false"),
            out.failures());
    }

    @Test
    void outcomeNamesTheUnwrappedCause() {
        assertEquals("ok", Outcome.of(() -> { }));
        assertEquals("TopicExistsException", Outcome.of(() -> {
            throw new java.util.concurrent.ExecutionException(new org.apache.kafka.common.errors.TopicExistsException("x"));
        }));
    }
}
