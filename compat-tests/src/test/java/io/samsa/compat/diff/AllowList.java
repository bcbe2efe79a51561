package io.samsa.compat.diff;

import io.samsa.compat.scenario.Glob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The documented list of explained differences between a target and the Kafka reference. One
 * entry per line: {@code <applies-to> <scenario-glob> <field-glob> <reason...>}, where
 * {@code applies-to} is {@code any} for values that differ between any two runs (cluster ids), or
 * the name (glob) of the target the difference is explained for, e.g. {@code samsa}. {@code #}
 * starts a comment; the reason is mandatory. The field {@code status} is the scenario's
 * pass/fail; {@code *} matches every field.
 */
public final class AllowList {
    public static final String ANY = "any";

    /** One explained difference. */
    public record Entry(String appliesTo, String scenario, String field, String reason, int line) {
        boolean matches(String target, String scenarioName, String fieldName) {
            return (ANY.equals(appliesTo) || Glob.matches(appliesTo, target))
                && Glob.matches(scenario, scenarioName) && Glob.matches(field, fieldName);
        }

        @Override
        public String toString() {
            return "line " + line + ": " + appliesTo + " " + scenario + " " + field + " (" + reason + ")";
        }
    }

    private final List<Entry> entries;

    public AllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static AllowList empty() {
        return new AllowList(List.of());
    }

    public static AllowList load(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    public static AllowList parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 4);
            if (parts.length < 4 || parts[3].isBlank()) {
                throw new IllegalArgumentException("allow-list line " + (i + 1)
                    + ": expected '<applies-to> <scenario> <field> <reason>', got: " + line);
            }
            entries.add(new Entry(parts[0], parts[1], parts[2], parts[3].strip(), i + 1));
        }
        return new AllowList(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The first entry explaining a difference in {@code field} of {@code scenario} for {@code target}. */
    public Optional<Entry> explain(String target, String scenario, String field) {
        return entries.stream().filter(e -> e.matches(target, scenario, field)).findFirst();
    }
}
