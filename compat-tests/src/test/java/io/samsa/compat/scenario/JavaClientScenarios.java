package io.samsa.compat.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every scenario for the Java client ({@code org.apache.kafka:kafka-clients}), in run order. The
 * restart scenarios come last: they take the broker down and up. The same compiled scenarios run
 * with kafka-clients 4.x in the test JVM and with older generations in child JVMs.
 */
public final class JavaClientScenarios {
    /** The version of the kafka-clients jar this JVM loaded. */
    public static final String VERSION = clientVersion();
    public static final String CLIENT = "java-kafka-clients-" + VERSION;

    private JavaClientScenarios() {
    }

    /** kafka-clients' own version resource (the same one its AppInfo reports). */
    private static String clientVersion() {
        try (var in = org.apache.kafka.clients.producer.KafkaProducer.class
            .getResourceAsStream("/kafka/kafka-version.properties")) {
            java.util.Properties properties = new java.util.Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(ClusterScenarios.all());
        all.addAll(TopicScenarios.all());
        all.addAll(ConfigScenarios.all());
        all.addAll(ProduceScenarios.all());
        all.addAll(ConsumeScenarios.all());
        all.addAll(GroupScenarios.all());
        all.addAll(GroupAdminScenarios.all());
        all.addAll(LogScenarios.all());
        all.addAll(RestartScenarios.all());
        Set<String> names = new HashSet<>();
        for (Scenario scenario : all) {
            if (!names.add(scenario.name())) {
                throw new IllegalStateException("two scenarios named " + scenario.name());
            }
        }
        return List.copyOf(all);
    }

    /**
     * The scenarios selected by {@code compat.scenarios}: comma-separated names or globs
     * ({@code group-*}); all when unset.
     */
    public static List<Scenario> selected(String filter) {
        if (filter == null || filter.isBlank()) {
            return all();
        }
        List<String> patterns = List.of(filter.split(","));
        return all().stream().filter(s -> patterns.stream().anyMatch(p -> Glob.matches(p.trim(), s.name()))).toList();
    }
}
