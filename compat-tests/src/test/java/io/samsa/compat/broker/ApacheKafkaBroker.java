package io.samsa.compat.broker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * Real Apache Kafka (the {@code org.apache.kafka:kafka_2.13} jars of {@code kafka.version}) as a
 * child JVM in KRaft combined mode: one node that is broker and controller, with a static
 * one-voter quorum on a second loopback port. The first start formats the storage with
 * {@code kafka.tools.StorageTool format} (as {@code kafka-storage.sh} does), then every start runs
 * {@code kafka.Kafka server.properties}.
 *
 * <p>The child's classpath is the file written by the build's {@code dependency:build-classpath}
 * ({@code compat.kafka.classpath.file}); when that is absent (a run from an IDE) it is this JVM's
 * own classpath, which holds the same jars.
 */
public final class ApacheKafkaBroker extends ChildProcessBroker {
    /** The broker's version, from the kafka_2.13 jar on the child's classpath. */
    public static final String VERSION = version();
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> jvmOptions;

    public ApacheKafkaBroker(Path workRoot) {
        this(workRoot, "apache-kafka-" + VERSION, Duration.ofSeconds(90));
    }

    public ApacheKafkaBroker(Path workRoot, String name, Duration startTimeout) {
        super(name, workRoot, startTimeout);
        this.jvmOptions = List.of("-Xmx512m", "-Xms128m", "-XX:+UseSerialGC", "-Xss1m",
            "-Djava.awt.headless=true");
    }

    @Override
    protected int portCount() {
        return 2;
    }

    @Override
    protected void prepare(Path workDir, int[] ports) throws IOException {
        BrokerSettings.writeProperties(workDir.resolve("server.properties"), serverProperties(workDir, ports));
        Files.writeString(workDir.resolve("log4j2.properties"), String.join(System.lineSeparator(),
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = out",
            "appender.out.type = Console",
            "appender.out.name = out",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            // The config dumps at start-up are thousands of lines; keep the log readable.
            "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
            "logger.config.level = WARN",
            ""));
        List<String> format = java("kafka.tools.StorageTool");
        format.addAll(List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
            workDir.resolve("server.properties").toString()));
        long start = System.nanoTime();
        runToCompletion(format, FORMAT_TIMEOUT);
        appendMarker("storage formatted in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Override
    protected List<String> command(Path workDir, int[] ports) {
        List<String> command = java("kafka.Kafka");
        command.add(workDir.resolve("server.properties").toString());
        return command;
    }

    private static Map<String, String> serverProperties(Path workDir, int[] ports) {
        String client = "127.0.0.1:" + ports[0];
        String controller = "127.0.0.1:" + ports[1];
        Map<String, String> own = new LinkedHashMap<>();
        own.put("process.roles", "broker,controller");
        own.put("node.id", String.valueOf(BrokerSettings.NODE_ID));
        own.put("controller.quorum.voters", BrokerSettings.NODE_ID + "@" + controller);
        own.put("listeners", "PLAINTEXT://" + client + ",CONTROLLER://" + controller);
        own.put("advertised.listeners", "PLAINTEXT://" + client);
        own.put("controller.listener.names", "CONTROLLER");
        own.put("inter.broker.listener.name", "PLAINTEXT");
        own.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        own.put("log.dirs", workDir.resolve("data").toString());
        // After a SIGKILL the restarted broker's registration is refused (DUPLICATE_BROKER_REGISTRATION)
        // until the old one's session expires: 9 s by default. Shorter keeps the kill scenario fast.
        own.put("broker.session.timeout.ms", "3000");
        own.put("broker.heartbeat.interval.ms", "500");
        return BrokerSettings.with(own);
    }

    private List<String> java(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-Dlog4j2.configurationFile=" + workDir().resolve("log4j2.properties"));
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        return command;
    }

    private static String version() {
        String classpath;
        try {
            classpath = classpath();
        } catch (RuntimeException e) {
            return "unknown";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("kafka_2\\.13-([^/\\\\]+)\\.jar").matcher(classpath);
        return m.find() ? m.group(1) : "unknown";
    }

    static String classpath() {
        String file = System.getProperty("compat.kafka.classpath.file");
        if (file != null && Files.exists(Path.of(file))) {
            try {
                return Files.readString(Path.of(file)).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Kafka classpath file " + file, e);
            }
        }
        String own = System.getProperty("java.class.path");
        if (!own.contains("kafka_2.13")) {
            throw new IllegalStateException("no kafka_2.13 jar on the classpath and no compat.kafka.classpath.file; "
                + "run through Maven (mvn -pl compat-tests verify) so the build writes target/kafka-broker.classpath");
        }
        return own.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }
}
