package io.samsa.compat.client;

import io.samsa.compat.broker.BrokerUnderTest;
import io.samsa.compat.scenario.ScenarioInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A client whose batch runs in one child process speaking {@link ChildProtocol}: a Python or Node
 * script, or a child JVM with another kafka-clients generation. Subclasses say whether the client
 * is installed, which scenarios it has and which command line runs a batch.
 */
public abstract class ProcessClient implements ClientUnderTest {
    private final String name;
    private final String tag;
    private final Path logDir;

    protected ProcessClient(String name, String tag, Path logDir) {
        this.name = name;
        this.tag = tag;
        this.logDir = logDir;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String tag() {
        return tag;
    }

    /** The command that runs {@code batchArguments} (the protocol's options) in the client. */
    protected abstract List<String> command(List<String> batchArguments);

    /** The working directory of the client process. */
    protected Path directory() {
        return Path.of("").toAbsolutePath();
    }

    @Override
    public ClientSession open(BrokerUnderTest broker, List<ScenarioInfo> scenarios, String runTag) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--bootstrap", broker.bootstrapServers(),
            "--node-id", String.valueOf(broker.nodeId()), "--broker", broker.name(), "--tag", runTag,
            "--scenarios", scenarios.stream().map(ScenarioInfo::name).collect(Collectors.joining(","))));
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + "-" + runTag + ".log");
        return ProcessSession.start(name, broker, command(arguments), directory(), log, ProcessSession.GRACE);
    }

    /** Runs a short command (a version query, a scenario listing) and returns its stdout lines. */
    protected static List<String> query(List<String> command, Path directory) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> lines = new String(process.getInputStream().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("no exit within 30 s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IOException("exit code " + process.exitValue() + " from " + command);
            }
            return lines;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The scenarios a script lists for {@code --list} (see {@link ChildProtocol}). */
    protected static List<ScenarioInfo> listed(List<String> command, Path directory) throws IOException {
        List<ScenarioInfo> scenarios = new ArrayList<>();
        for (String line : query(command, directory)) {
            ChildProtocol.parse(line).filter(m -> "scenario".equals(m.get("type")))
                .ifPresent(m -> scenarios.add(ChildProtocol.scenario(m)));
        }
        return scenarios;
    }
}
