package io.samsa.compat.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samsa as a user runs it: {@code java -jar broker/target/samsa.jar server.properties}, single
 * node (its default roles and local metadata journal), one client listener on a free loopback
 * port, data in the work directory, and the same shared settings as the Kafka reference. A
 * missing jar is an error (the suite was asked to test Samsa), never a skip.
 */
public final class SamsaBroker extends ChildProcessBroker {
    private final Path jar;

    public SamsaBroker(Path jar, Path workRoot) {
        this(jar, workRoot, Duration.ofSeconds(60));
    }

    public SamsaBroker(Path jar, Path workRoot, Duration startTimeout) {
        super("samsa", workRoot, startTimeout);
        this.jar = jar.toAbsolutePath().normalize();
    }

    /** The jar named by {@code compat.samsa.jar}, else {@code ../broker/target/samsa.jar}. */
    public static Path defaultJar() {
        return Path.of(System.getProperty("compat.samsa.jar", "../broker/target/samsa.jar"));
    }

    @Override
    protected int portCount() {
        return 1;
    }

    @Override
    protected void prepare(Path workDir, int[] ports) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("Samsa's runnable jar does not exist: " + jar
                + ". Build it first (mvn -B -ntp -q install -DskipTests, or the reactor's mvn verify).");
        }
        Map<String, String> own = new LinkedHashMap<>();
        own.put("node.id", String.valueOf(BrokerSettings.NODE_ID));
        own.put("listeners", "PLAINTEXT://127.0.0.1:" + ports[0]);
        own.put("log.dirs", workDir.resolve("data").toString());
        BrokerSettings.writeProperties(workDir.resolve("server.properties"), BrokerSettings.with(own));
    }

    @Override
    protected List<String> command(Path workDir, int[] ports) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(List.of("-Xmx512m", "-Dio.netty.leakDetection.level=paranoid"));
        command.add("-jar");
        command.add(jar.toString());
        command.add(workDir.resolve("server.properties").toString());
        return command;
    }
}
