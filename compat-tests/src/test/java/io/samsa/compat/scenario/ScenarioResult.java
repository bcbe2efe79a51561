package io.samsa.compat.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario did on one target with one client.
 *
 * @param scenario     the scenario's name
 * @param client       the client that ran it, e.g. {@code java-kafka-clients-4.4.0}
 * @param target       the broker, e.g. {@code apache-kafka-4.4.0}
 * @param status       pass, fail, or not applicable to this client
 * @param fields       the observations (canonical values, see {@link Observations})
 * @param failures     why it failed: unmet expectations, an exception, a timeout
 * @param elapsedMillis wall time
 */
public record ScenarioResult(String scenario, String client, String target, Status status,
                             Map<String, Object> fields, List<String> failures, long elapsedMillis) {

    public enum Status { PASS, FAIL, NOT_APPLICABLE }

    public ScenarioResult {
        // values may be null (a null key or value is an observation), so no Map.copyOf
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return status == Status.PASS;
    }
}
