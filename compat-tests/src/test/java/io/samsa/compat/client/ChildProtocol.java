package io.samsa.compat.client;

import io.samsa.compat.report.Json;
import io.samsa.compat.scenario.Observations;
import io.samsa.compat.scenario.ScenarioInfo;
import io.samsa.compat.scenario.ScenarioResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The line protocol between the suite and a client process (a Python or Node script, or a child
 * JVM). The client writes protocol lines to its stdout, each {@value #MARKER} followed by one JSON
 * object; every other stdout line is the client's own chatter and goes to its log.
 * <ul>
 *   <li>{@code {"type":"scenario","name":..,"area":..,"summary":..,"timeoutMillis":..,"exclusive":..}}
 *       answers {@code --list}: one line per scenario the client implements;</li>
 *   <li>{@code {"type":"result","scenario":..,"status":"PASS"|"FAIL"|"NOT_APPLICABLE","fields":{..},
 *       "failures":[..],"elapsedMillis":..}} ends a scenario ({@code fields} as in
 *       {@link Observations}: null, strings, booleans, numbers, lists, maps);</li>
 *   <li>{@code {"type":"control","action":"stop"|"start"|"kill"|"restart"}} asks the suite to act on
 *       the broker; the suite answers on the client's stdin with one JSON line
 *       {@code {"ok":true,"bootstrap":"host:port"}} or {@code {"ok":false,"error":".."}}.</li>
 * </ul>
 * Command line of a batch: {@code --bootstrap host:port --node-id N --broker NAME --tag TAG
 * --scenarios a,b,c} (plus the client's own options).
 */
public final class ChildProtocol {
    public static final String MARKER = "##compat## ";

    private ChildProtocol() {
    }

    /** The JSON object of a protocol line, or empty for any other line. */
    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> parse(String line) {
        if (!line.startsWith(MARKER)) {
            return Optional.empty();
        }
        Object value = Json.read(line.substring(MARKER.length()));
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("protocol line is not a JSON object: " + line);
        }
        return Optional.of((Map<String, Object>) value);
    }

    public static String resultLine(ScenarioResult result) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "result");
        message.put("scenario", result.scenario());
        message.put("status", result.status().name());
        message.put("fields", result.fields());
        message.put("failures", result.failures());
        message.put("elapsedMillis", result.elapsedMillis());
        return MARKER + Json.write(message);
    }

    public static String controlLine(String action) {
        return MARKER + Json.write(Map.of("type", "control", "action", action));
    }

    @SuppressWarnings("unchecked")
    public static ScenarioResult result(Map<String, Object> message, String client, String target) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Object raw = message.get("fields");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((key, value) -> fields.put(String.valueOf(key), Observations.canonicalValue(value)));
        }
        List<String> failures = new ArrayList<>();
        if (message.get("failures") instanceof List<?> list) {
            list.forEach(item -> failures.add(String.valueOf(item)));
        }
        Object elapsed = message.get("elapsedMillis");
        return new ScenarioResult(String.valueOf(message.get("scenario")), client, target,
            ScenarioResult.Status.valueOf(String.valueOf(message.get("status"))), fields, failures,
            elapsed instanceof Number n ? n.longValue() : 0);
    }

    public static ScenarioInfo scenario(Map<String, Object> message) {
        Object timeout = message.get("timeoutMillis");
        return new ScenarioInfo(String.valueOf(message.get("name")), String.valueOf(message.get("area")),
            String.valueOf(message.get("summary")),
            Duration.ofMillis(timeout instanceof Number n ? n.longValue() : 60_000),
            Boolean.TRUE.equals(message.get("exclusive")));
    }
}
