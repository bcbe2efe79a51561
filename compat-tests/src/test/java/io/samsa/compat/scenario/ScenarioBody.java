package io.samsa.compat.scenario;

/** The code of a scenario: drives clients through {@code ctx}, records into {@code out}. */
@FunctionalInterface
public interface ScenarioBody {
    void run(ScenarioContext ctx, Observations out) throws Exception;
}
