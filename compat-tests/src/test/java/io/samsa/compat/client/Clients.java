package io.samsa.compat.client;

import io.samsa.compat.scenario.CliScenarios;
import io.samsa.compat.scenario.Glob;
import io.samsa.compat.scenario.JavaClientScenarios;
import io.samsa.compat.scenario.Kcat;
import io.samsa.compat.scenario.KcatScenarios;
import io.samsa.compat.scenario.StreamsScenarios;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client matrix, in the report's column order: kafka-clients of three generations, the two
 * librdkafka clients (kcat, confluent-kafka-python), kafka-python, KafkaJS, Kafka Streams and the
 * Kafka command-line tools.
 *
 * @param clientJars  where the build copied each Java client's jars ({@code target/client-jars})
 * @param testClasses the compiled scenarios, for child JVMs
 * @param scripts     the Python and Node scenarios ({@code compat-tests/clients})
 * @param logDir      where each batch's log goes
 */
public record Clients(Path clientJars, Path testClasses, Path scripts, Path logDir) {

    /** The versions of the other Java clients: the jar sets the build copies (the module's POM sets them). */
    static final String KAFKA_CLIENTS_3 = System.getProperty("compat.kafka.clients.3.version", "3.9.2");
    static final String KAFKA_CLIENTS_2 = System.getProperty("compat.kafka.clients.2.version", "2.8.2");
    static final String KAFKA_STREAMS = System.getProperty("compat.kafka.streams.version", "4.3.1");
    static final String KAFKA_TOOLS = System.getProperty("compat.kafka.tools.version", "4.3.1");

    /** Paths from the system properties that the POM sets, with defaults for a run from the module directory. */
    public static Clients fromSystemProperties(Path logDir) {
        return new Clients(Path.of(System.getProperty("compat.client.jars", "target/client-jars")),
            Path.of(System.getProperty("compat.test.classes", "target/test-classes")),
            Path.of(System.getProperty("compat.clients.dir", "clients")).toAbsolutePath(), logDir);
    }

    public List<ClientUnderTest> all() {
        List<ClientUnderTest> all = new ArrayList<>();
        all.add(new InProcessClient(JavaClientScenarios.CLIENT, "j" + shortVersion(JavaClientScenarios.VERSION),
            Optional::empty, JavaClientScenarios.all()));
        all.add(javaChild("java-kafka-clients-" + KAFKA_CLIENTS_3, "j3", "java", "kafka-clients-" + KAFKA_CLIENTS_3,
            JavaClientScenarios.all()));
        all.add(javaChild("java-kafka-clients-" + KAFKA_CLIENTS_2, "j2", "java", "kafka-clients-" + KAFKA_CLIENTS_2,
            JavaClientScenarios.all()));
        all.add(new InProcessClient(Kcat.clientName(), "kcat", Kcat::unavailable, KcatScenarios.all()));
        all.add(ScriptClient.python("confluent-kafka", "ckp", scripts, logDir));
        all.add(ScriptClient.python("kafka-python", "kpy", scripts, logDir));
        all.add(ScriptClient.kafkaJs("kjs", scripts, logDir));
        all.add(javaChild("kafka-streams-" + KAFKA_STREAMS, "kst", "streams", "kafka-streams-" + KAFKA_STREAMS,
            StreamsScenarios.all()));
        all.add(javaChild("kafka-cli-" + KAFKA_TOOLS, "cli", "cli", "kafka-tools-" + KAFKA_TOOLS, CliScenarios.all()));
        return all;
    }

    /** The clients whose names match {@code filter}: comma-separated globs, all when blank. */
    public List<ClientUnderTest> selected(String filter) {
        List<ClientUnderTest> all = all();
        if (filter == null || filter.isBlank()) {
            return all;
        }
        List<String> patterns = List.of(filter.split(","));
        return all.stream().filter(c -> patterns.stream().anyMatch(p -> Glob.matches(p.trim(), c.name()))).toList();
    }

    private JavaChildClient javaChild(String name, String tag, String suite, String jarSet,
                                      List<io.samsa.compat.scenario.Scenario> scenarios) {
        return new JavaChildClient(name, tag, suite, clientJars.resolve(jarSet), testClasses, logDir, scenarios);
    }

    private static String shortVersion(String version) {
        return version.replaceAll("[^0-9]", "").substring(0, Math.min(2, version.replaceAll("[^0-9]", "").length()));
    }
}
