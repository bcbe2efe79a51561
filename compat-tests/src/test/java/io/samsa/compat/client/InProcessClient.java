package io.samsa.compat.client;

import io.samsa.compat.broker.BrokerUnderTest;
import io.samsa.compat.scenario.Scenario;
import io.samsa.compat.scenario.ScenarioInfo;
import io.samsa.compat.scenario.ScenarioResult;
import io.samsa.compat.scenario.ScenarioRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A client whose scenarios are Java code run in the test JVM: kafka-clients of the test classpath,
 * and kcat (Java scenarios that run the {@code kcat} command). Each scenario runs on its own
 * thread under its timeout (see {@link ScenarioRunner}).
 */
public final class InProcessClient implements ClientUnderTest {
    private final String name;
    private final String tag;
    private final Supplier<Optional<String>> unavailable;
    private final Map<String, Scenario> scenarios = new LinkedHashMap<>();

    public InProcessClient(String name, String tag, Supplier<Optional<String>> unavailable, List<Scenario> scenarios) {
        this.name = name;
        this.tag = tag;
        this.unavailable = unavailable;
        scenarios.forEach(s -> this.scenarios.put(s.name(), s));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String tag() {
        return tag;
    }

    @Override
    public Optional<String> unavailable() {
        return unavailable.get();
    }

    @Override
    public List<ScenarioInfo> scenarios() {
        return scenarios.values().stream().map(Scenario::info).toList();
    }

    @Override
    public ClientSession open(BrokerUnderTest broker, List<ScenarioInfo> batch, String runTag) {
        ScenarioRunner runner = new ScenarioRunner(broker, name, runTag);
        return new ClientSession() {
            @Override
            public ScenarioResult run(ScenarioInfo scenario) {
                return runner.run(scenarios.get(scenario.name()));
            }

            @Override
            public void close() {
                runner.close();
            }
        };
    }
}
