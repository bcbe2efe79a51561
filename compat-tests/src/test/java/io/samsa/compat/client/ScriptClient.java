package io.samsa.compat.client;

import io.samsa.compat.scenario.ScenarioInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client whose scenarios are a script in its own language under {@code compat-tests/clients}:
 * the Python scenarios (run with kafka-python or confluent-kafka-python, one script for both) and
 * the KafkaJS scenarios. Whether the library is installed and its version are asked of the
 * interpreter once, when the client is made; so is the list of scenarios ({@code --list}).
 */
public final class ScriptClient extends ProcessClient {
    private final List<String> interpreterCommand;
    private final Path directory;
    private final String missing;
    private final List<ScenarioInfo> scenarios;

    private ScriptClient(String name, String tag, Path logDir, List<String> interpreterCommand, Path directory,
                         String missing, List<ScenarioInfo> scenarios) {
        super(name, tag, logDir);
        this.interpreterCommand = interpreterCommand;
        this.directory = directory;
        this.missing = missing;
        this.scenarios = scenarios;
    }

    /**
     * The Python scenarios with {@code library}: {@code kafka-python} (module {@code kafka}) or
     * {@code confluent-kafka} (module {@code confluent_kafka}), as Debian packages them for its
     * {@code /usr/bin/python3}; another {@code python3} on the PATH is tried after it.
     */
    public static ScriptClient python(String library, String tag, Path scripts, Path logDir) {
        String module = library.equals("kafka-python") ? "kafka" : "confluent_kafka";
        String column = library.equals("kafka-python") ? "kafka-python" : "confluent-kafka-python";
        String versionCode = library.equals("kafka-python") ? "import kafka; print(kafka.__version__)"
            : "import confluent_kafka as c; print(c.version()[0] + ' librdkafka ' + c.libversion()[0])";
        Path directory = scripts.resolve("python");
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                String version = query(List.of(python, "-c", versionCode), directory).get(0).trim();
                List<String> run = List.of(python, "-B", "-u", "compat_clients.py", "--client", library);
                List<String> list = new ArrayList<>(run);
                list.add("--list");
                String[] parts = version.split(" librdkafka ");
                String name = column + "-" + parts[0] + (parts.length > 1 ? "-librdkafka-" + parts[1] : "");
                return new ScriptClient(name, tag, logDir, run, directory, null, listed(list, directory));
            } catch (IOException | RuntimeException e) {
                // not this interpreter
            }
        }
        return new ScriptClient(column, tag, logDir, List.of(), directory, "no python3 can import " + module
            + " (Debian: apt-get install python3-" + (module.equals("kafka") ? "kafka" : "confluent-kafka") + ")",
            List.of());
    }

    /** The KafkaJS scenarios, with the packages that {@code npm ci} installed next to them. */
    public static ScriptClient kafkaJs(String tag, Path scripts, Path logDir) {
        Path directory = scripts.resolve("kafkajs");
        Path packageJson = directory.resolve("node_modules/kafkajs/package.json");
        if (!Files.isRegularFile(packageJson)) {
            return new ScriptClient("kafkajs", tag, logDir, List.of(), directory,
                "KafkaJS is not installed (run npm ci in " + directory + ")", List.of());
        }
        try {
            Matcher version = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(packageJson));
            String name = "kafkajs-" + (version.find() ? version.group(1) : "unknown");
            List<String> run = List.of("node", "scenarios.js");
            return new ScriptClient(name, tag, logDir, run, directory, null,
                listed(List.of("node", "scenarios.js", "--list"), directory));
        } catch (IOException | RuntimeException e) {
            return new ScriptClient("kafkajs", tag, logDir, List.of(), directory, "node cannot run the KafkaJS "
                + "scenarios: " + e.getMessage(), List.of());
        }
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.ofNullable(missing);
    }

    @Override
    public List<ScenarioInfo> scenarios() {
        return scenarios;
    }

    @Override
    protected Path directory() {
        return directory;
    }

    @Override
    protected List<String> command(List<String> batchArguments) {
        List<String> command = new ArrayList<>(interpreterCommand);
        command.addAll(batchArguments);
        return command;
    }
}
