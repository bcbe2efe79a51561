package io.samsa.compat.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * One named compatibility scenario written in Java: self-contained (it creates its own topics and
 * groups with fresh names), bounded by {@code timeout}, and observable (see {@link Observations}).
 * The name is the scenario's identity across clients, targets and reports. The same code runs with
 * every kafka-clients generation (each in its own JVM); {@code requirement} says which generations
 * can express it.
 *
 * @param name        kebab-case identity, e.g. {@code create-topic-duplicate}
 * @param area        the report's grouping, e.g. {@code topics}
 * @param summary     one line on what it checks
 * @param timeout     the most it may take before it is failed and its clients closed
 * @param body        the code
 * @param requirement the oldest kafka-clients that can run it, or null for every generation
 */
public record Scenario(String name, String area, String summary, Duration timeout, ScenarioBody body,
                       ClientRequirement requirement) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Scenario {
        Objects.requireNonNull(name);
        Objects.requireNonNull(body);
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("scenario names are kebab-case: " + name);
        }
    }

    public static Scenario of(String name, String area, String summary, ScenarioBody body) {
        return new Scenario(name, area, summary, DEFAULT_TIMEOUT, body, null);
    }

    /** A scenario that this client cannot express, for the reason given (reported as not applicable). */
    public static Scenario notApplicable(String name, String area, String summary, String reason) {
        return of(name, area, summary, (ctx, out) -> {
            throw new Unsupported(reason);
        });
    }

    public Scenario withTimeout(Duration newTimeout) {
        return new Scenario(name, area, summary, newTimeout, body, requirement);
    }

    /** Not applicable to kafka-clients older than {@code minVersion}, which lack {@code api}. */
    public Scenario since(String minVersion, String api) {
        return new Scenario(name, area, summary, timeout, body, new ClientRequirement(minVersion, api));
    }

    public ScenarioInfo info() {
        return new ScenarioInfo(name, area, summary, timeout, ScenarioInfo.RESTART_AREA.equals(area));
    }
}
