package io.samsa.compat.client;

import io.samsa.compat.scenario.Scenario;
import io.samsa.compat.scenario.ScenarioInfo;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Java client run in a child JVM whose classpath holds exactly one client's jars (as its own POM
 * declares them, copied by the build into {@code target/client-jars/<set>}), the compiled
 * scenarios, and the test JVM's logging binding: older kafka-clients generations, Kafka Streams
 * and the Kafka command-line tools. So a 2.8 client negotiates 2.8's protocol versions, and
 * Streams 4.3.1 runs on its own kafka-clients 4.3.1, with nothing of kafka-clients 4.4 in sight.
 * The child runs {@link ChildMain}.
 */
public final class JavaChildClient extends ProcessClient {
    /** The jars of the test JVM that every child gets: slf4j and its log4j binding. */
    private static final List<String> LOGGING_JARS = List.of("slf4j-api-", "log4j-api-", "log4j-core-",
        "log4j-slf4j2-impl-");

    private final String suite;
    private final Path jars;
    private final Path testClasses;
    private final Path logDir;
    private final List<Scenario> scenarios;

    public JavaChildClient(String name, String tag, String suite, Path jars, Path testClasses, Path logDir,
                           List<Scenario> scenarios) {
        super(name, tag, logDir);
        this.suite = suite;
        this.jars = jars;
        this.testClasses = testClasses;
        this.logDir = logDir;
        this.scenarios = List.copyOf(scenarios);
    }

    @Override
    public Optional<String> unavailable() {
        if (jarFiles().isEmpty()) {
            return Optional.of("no jars in " + jars + " (the build copies them there: run the suite through Maven)");
        }
        if (!Files.isDirectory(testClasses)) {
            return Optional.of("no compiled scenarios in " + testClasses);
        }
        return Optional.empty();
    }

    @Override
    public List<ScenarioInfo> scenarios() {
        return scenarios.stream().map(Scenario::info).toList();
    }

    @Override
    protected List<String> command(List<String> batchArguments) {
        List<String> classpath = new ArrayList<>();
        jarFiles().forEach(jar -> classpath.add(jar.toString()));
        classpath.add(testClasses.toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
            if (LOGGING_JARS.stream().anyMatch(file::startsWith)) {
                classpath.add(entry);
            }
        }
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss1m",
            "-Dcompat.client.log=" + logDir.resolve(name() + "-jvm.log"),
            "-cp", String.join(File.pathSeparator, classpath),
            ChildMain.class.getName(), "--suite", suite, "--client", name()));
        command.addAll(batchArguments);
        return command;
    }

    private List<Path> jarFiles() {
        if (!Files.isDirectory(jars)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(jars)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
