package io.samsa.compat.diff;

import io.samsa.compat.scenario.Glob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scenarios that fail against Samsa because of a known, not yet fixed gap, kept out of the default
 * run (so the build stays green) but listed in the report with their reason; a run with
 * {@code -Dcompat.run.known.gaps=true} includes them. Unlike the allow-list, which explains a
 * difference that is acceptable, a known gap is a bug or missing feature that must be fixed. One
 * entry per line: {@code <client-glob> <scenario-glob> <reason...>}; {@code #} starts a comment.
 */
public final class KnownGaps {

    /** One known gap. */
    public record Entry(String client, String scenario, String reason, int line) {
    }

    private final List<Entry> entries;

    public KnownGaps(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static KnownGaps none() {
        return new KnownGaps(List.of());
    }

    public static KnownGaps load(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    public static KnownGaps parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 3 || parts[2].isBlank()) {
                throw new IllegalArgumentException("known-gaps line " + (i + 1)
                    + ": expected '<client> <scenario> <reason>', got: " + line);
            }
            entries.add(new Entry(parts[0], parts[1], parts[2].strip(), i + 1));
        }
        return new KnownGaps(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The gap that keeps {@code client}'s {@code scenario} out of the default run, if any. */
    public Optional<Entry> find(String client, String scenario) {
        return entries.stream().filter(e -> Glob.matches(e.client(), client) && Glob.matches(e.scenario(), scenario))
            .findFirst();
    }
}
