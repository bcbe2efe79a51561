package io.samsa.broker.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks one parsed config value. A validator is called only for non-null values; it throws a
 * {@link ConfigException} naming the key. {@link #toString()} describes the valid values, as the
 * "Valid Values" column of Kafka's config documentation does.
 */
public interface Validator {

    /** Accepts every value. */
    Validator ANY = described("", (name, value) -> { });

    void ensureValid(String name, Object value);

    /** A number at least {@code min}. */
    static Validator atLeast(long min) {
        return described("[" + min + ",...]", (name, value) -> {
            if (((Number) value).longValue() < min) {
                throw new ConfigException(name, value, "must be at least " + min);
            }
        });
    }

    /** A number in {@code [min, max]}. */
    static Validator between(long min, long max) {
        return described("[" + min + ",...," + max + "]", (name, value) -> {
            long v = ((Number) value).longValue();
            if (v < min || v > max) {
                throw new ConfigException(name, value, "must be between " + min + " and " + max);
            }
        });
    }

    /** A string equal (case-sensitively, as in Kafka) to one of {@code allowed}. */
    static Validator in(String... allowed) {
        List<String> values = List.of(allowed);
        return described(String.join(", ", values), (name, value) -> {
            if (!values.contains((String) value)) {
                throw new ConfigException(name, value, "must be one of " + values);
            }
        });
    }

    /** A list without duplicates whose items are all in {@code allowed}; empty unless {@code allowEmpty}. */
    static Validator listIn(boolean allowEmpty, String... allowed) {
        List<String> values = List.of(allowed);
        Validator distinct = distinctList(allowEmpty);
        return described(String.join(", ", values), (name, value) -> {
            distinct.ensureValid(name, value);
            for (Object item : (List<?>) value) {
                if (!values.contains(item)) {
                    throw new ConfigException(name, value, "items must be in " + values);
                }
            }
        });
    }

    /** A list without duplicates; empty unless {@code allowEmpty}. */
    static Validator distinctList(boolean allowEmpty) {
        return described(allowEmpty ? "" : "non-empty list", (name, value) -> {
            List<?> items = (List<?>) value;
            if (items.isEmpty() && !allowEmpty) {
                throw new ConfigException(name, value, "must not be empty");
            }
            Set<Object> seen = new HashSet<>();
            for (Object item : items) {
                if (!seen.add(item)) {
                    throw new ConfigException(name, value, "duplicate item " + item);
                }
            }
        });
    }

    /** A string that is not blank. */
    static Validator nonEmptyString() {
        return described("non-empty string", (name, value) -> {
            if (((String) value).isEmpty()) {
                throw new ConfigException(name, value, "must not be empty");
            }
        });
    }

    private static Validator described(String description, Validator check) {
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                check.ensureValid(name, value);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
