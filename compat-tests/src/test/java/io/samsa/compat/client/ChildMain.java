package io.samsa.compat.client;

import io.samsa.compat.scenario.CliScenarios;
import io.samsa.compat.scenario.JavaClientScenarios;
import io.samsa.compat.scenario.Scenario;
import io.samsa.compat.scenario.ScenarioResult;
import io.samsa.compat.scenario.ScenarioRunner;
import io.samsa.compat.scenario.StreamsScenarios;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point of a child JVM that runs one batch of Java scenarios with the client jars on its
 * classpath (see {@link JavaChildClient}), speaking {@link ChildProtocol} on the real stdout.
 * {@code System.out} is pointed at stderr (the batch's log), so no library output can corrupt the
 * protocol; {@code System.in} stays free for the command-line tools' scenarios, since answers to
 * broker controls are read through a reader taken at start-up.
 *
 * <p>Options: {@code --suite java|streams|cli --client NAME} and the protocol's batch options.
 */
public final class ChildMain {
    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader replies = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        RemoteBroker broker = new RemoteBroker(options.get("broker"), options.get("bootstrap"),
            Integer.parseInt(options.get("node-id")), protocol, replies);
        Map<String, Scenario> suite = new HashMap<>();
        suite(options.get("suite")).forEach(s -> suite.put(s.name(), s));
        int status = 0;
        try (ScenarioRunner runner = new ScenarioRunner(broker, options.get("client"), options.get("tag"))) {
            for (String name : options.getOrDefault("scenarios", "").split(",")) {
                Scenario scenario = suite.get(name);
                if (scenario == null) {
                    System.err.println("no scenario named " + name + " in suite " + options.get("suite"));
                    status = 2;
                    continue;
                }
                ScenarioResult result = runner.run(scenario);
                protocol.println(ChildProtocol.resultLine(result));
            }
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        }
        protocol.flush();
        // Client threads that a failed scenario could not close must not keep this JVM alive.
        System.exit(status);
    }

    static List<Scenario> suite(String name) {
        return switch (name) {
            case "java" -> JavaClientScenarios.all();
            case "streams" -> StreamsScenarios.all();
            case "cli" -> CliScenarios.all();
            default -> throw new IllegalArgumentException("unknown suite " + name);
        };
    }
}
