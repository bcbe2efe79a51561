package io.samsa.compat.scenario;

import java.util.Objects;

/**
 * The oldest kafka-clients version whose API can express a scenario, and the API it needs: on an
 * older client the scenario is "not applicable" (the client cannot say it), not a failure.
 *
 * @param minVersion e.g. {@code 3.1}
 * @param api        what the scenario uses that older clients lack, e.g. {@code Admin.listGroups}
 */
public record ClientRequirement(String minVersion, String api) {
    public ClientRequirement {
        Objects.requireNonNull(minVersion);
        Objects.requireNonNull(api);
    }

    /** Whether kafka-clients {@code version} has what the scenario needs. */
    public boolean metBy(String version) {
        return compare(version, minVersion) >= 0;
    }

    public String reason(String version) {
        return "kafka-clients " + version + " lacks " + api + " (since " + minVersion + ")";
    }

    /** Numeric comparison of dotted versions; a missing part counts as 0 and a suffix is ignored. */
    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(part(x, i), part(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int part(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[i]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
