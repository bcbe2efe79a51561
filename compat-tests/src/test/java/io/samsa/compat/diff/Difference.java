package io.samsa.compat.diff;

import io.samsa.compat.report.Json;

/**
 * One field where a candidate run disagrees with the reference run.
 *
 * @param scenario    the scenario
 * @param field       the field, {@code status} for pass/fail, {@code *} for a scenario missing altogether
 * @param reference   the reference's value as JSON, or {@code (absent)}
 * @param candidate   the candidate's value as JSON, or {@code (absent)}
 * @param explanation the allow-list entry that explains it, or null
 */
public record Difference(String scenario, String field, String reference, String candidate,
                         AllowList.Entry explanation) {
    public static final String ABSENT = "(absent)";

    static String render(boolean present, Object value) {
        return present ? Json.write(value) : ABSENT;
    }

    public boolean explained() {
        return explanation != null;
    }

    @Override
    public String toString() {
        return scenario + " / " + field + ": reference " + reference + ", candidate " + candidate
            + (explained() ? " [allowed: " + explanation.reason() + "]" : " [UNEXPLAINED]");
    }
}
