package io.samsa.compat.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * What the suite knows of a scenario without running it, whichever language implements it: its
 * identity across clients (the report's row), a one-line summary, the most it may take, and
 * whether it takes the broker down (then it runs alone, after every other client's scenarios).
 *
 * @param name      kebab-case identity, e.g. {@code produce-compression-zstd}
 * @param area      the report's grouping, e.g. {@code produce}
 * @param summary   one line on what it checks
 * @param timeout   the most it may take
 * @param exclusive true when it stops, kills or restarts the broker
 */
public record ScenarioInfo(String name, String area, String summary, Duration timeout, boolean exclusive) {
    public static final String RESTART_AREA = "restart";

    public ScenarioInfo {
        Objects.requireNonNull(name);
        Objects.requireNonNull(area);
        Objects.requireNonNull(summary);
        Objects.requireNonNull(timeout);
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("scenario names are kebab-case: " + name);
        }
    }
}
