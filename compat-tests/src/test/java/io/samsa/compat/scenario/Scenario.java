package io.samsa.compat.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * One named compatibility scenario for one client: self-contained (it creates its own topics and
 * groups with fresh names), bounded by {@code timeout}, and observable (see {@link Observations}).
 * The name is the scenario's identity across clients, targets and reports.
 *
 * @param name    kebab-case identity, e.g. {@code create-topic-duplicate}
 * @param area    the report's grouping, e.g. {@code topics}
 * @param summary one line on what it checks
 * @param timeout the most it may take before it is failed and its clients closed
 * @param body    the code
 */
public record Scenario(String name, String area, String summary, Duration timeout, ScenarioBody body) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Scenario {
        Objects.requireNonNull(name);
        Objects.requireNonNull(body);
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("scenario names are kebab-case: " + name);
        }
    }

    public static Scenario of(String name, String area, String summary, ScenarioBody body) {
        return new Scenario(name, area, summary, DEFAULT_TIMEOUT, body);
    }

    public Scenario withTimeout(Duration newTimeout) {
        return new Scenario(name, area, summary, newTimeout, body);
    }
}
