package io.samsa.compat.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import io.samsa.compat.report.Json;

/**
 * What a scenario saw, as named fields with canonical values, plus the expectations that did not
 * hold. Fields are what the differential run compares between brokers, so a scenario records only
 * values that a correct broker must reproduce (error names, offsets, counts, config values and
 * sources, group states, assignments), never topic names, ports, paths or wall-clock times; values
 * that are inherently per-run (cluster ids) are recorded only where they are the point, and listed
 * in the allow-list.
 *
 * <p>Canonical values: {@code null}, {@code String}, {@code Boolean}, {@code Long} (every integral
 * number), {@code Double}, {@code List} (collections in order, sets sorted), {@code Map} with
 * sorted string keys. Enums become their names and optionals their value or null. Anything else is
 * rejected, so an unstable {@code toString()} can never sneak into a comparison.
 *
 * <p>Confined to the scenario's thread.
 */
public final class Observations {
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    /** Records a field; recording the same field twice is a bug in the scenario. */
    public Observations put(String field, Object value) {
        if (fields.containsKey(field)) {
            throw new IllegalArgumentException("field recorded twice: " + field);
        }
        fields.put(field, canonical(value));
        return this;
    }

    /** Records {@code actual} and fails the scenario if it is not {@code expected}. */
    public Observations expect(String field, Object expected, Object actual) {
        put(field, actual);
        Object want = canonical(expected);
        if (!Objects.equals(want, fields.get(field))) {
            failures.add(field + ": expected " + Json.write(want) + " but was " + Json.write(fields.get(field)));
        }
        return this;
    }

    /** Records a boolean that must be true. */
    public Observations check(String field, boolean holds) {
        return expect(field, true, holds);
    }

    /** Fails the scenario with a note, without recording a field. */
    public void fail(String message) {
        failures.add(message);
    }

    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public List<String> failures() {
        return Collections.unmodifiableList(failures);
    }

    /** The canonical form of a value read back from JSON or reported by a client process. */
    public static Object canonicalValue(Object value) {
        return canonical(value);
    }

    static Object canonical(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
            || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Optional<?> optional) {
            return canonical(optional.orElse(null));
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, v) -> sorted.put(String.valueOf(canonical(key)), canonical(v)));
            return Collections.unmodifiableMap(sorted);
        }
        if (value instanceof Set<?> set) {
            List<Object> items = new ArrayList<>();
            set.forEach(item -> items.add(canonical(item)));
            items.sort((a, b) -> Json.write(a).compareTo(Json.write(b)));
            return Collections.unmodifiableList(items);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> items = new ArrayList<>();
            collection.forEach(item -> items.add(canonical(item)));
            return Collections.unmodifiableList(items);
        }
        throw new IllegalArgumentException("not an observable value (map it to a name or number first): "
            + value.getClass().getName());
    }
}
