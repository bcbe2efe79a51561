package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An Apache Kafka node in KRaft combined mode (broker and controller in one process), started as
 * {@code kafka-server-start.sh} would start it: what {@link KafkaBroker} (one node) and
 * {@link KafkaClusterNode} (one of three) share. Its ports are the client port, then the controller
 * port. Storage is formatted with {@code kafka.tools.StorageTool format} before the timed launch, as
 * {@code kafka-storage.sh format} is run once before {@code kafka-server-start.sh}. Logging: log4j2
 * at INFO, as the distribution's default, into {@code broker.log}.
 */
abstract class KafkaProcess extends BrokerProcess {
    private static final long FORMAT_TIMEOUT_SECONDS = 120;

    private final String classpath;

    protected KafkaProcess(String name, Path workDir, List<String> jvmOptions, int portCount, String classpath)
            throws IOException {
        super(name, workDir, jvmOptions, portCount);
        this.classpath = classpath;
    }

    protected KafkaProcess(String name, Path workDir, List<String> jvmOptions, int[] ports, String classpath)
            throws IOException {
        super(name, workDir, jvmOptions, ports);
        this.classpath = classpath;
    }

    /**
     * Writes {@code server.properties} ({@code own} plus the combined-mode listeners and roles) and
     * the log4j2 configuration, then formats the storage with the cluster's id.
     */
    protected final void prepareCombinedNode(Map<String, String> own, int nodeId, String voters, String clusterId)
            throws IOException {
        String client = HOST + ":" + port(0);
        own.put("process.roles", "broker,controller");
        own.put("node.id", Integer.toString(nodeId));
        own.put("controller.quorum.voters", voters);
        own.put("listeners", "PLAINTEXT://" + client + ",CONTROLLER://" + controllerAddress());
        own.put("advertised.listeners", "PLAINTEXT://" + client);
        own.put("controller.listener.names", "CONTROLLER");
        own.put("inter.broker.listener.name", "PLAINTEXT");
        own.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        own.put("log.dirs", dataDir().toString());
        writeServerProperties(own);
        Files.writeString(workDir().resolve("log4j2.properties"), String.join(System.lineSeparator(),
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = out",
            "appender.out.type = Console",
            "appender.out.name = out",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            ""));
        runToCompletion(mainClass("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
            workDir().resolve("server.properties").toString()), FORMAT_TIMEOUT_SECONDS);
    }

    /** {@code 127.0.0.1:p}, p being this node's second port. */
    protected final String controllerAddress() {
        return HOST + ":" + port(1);
    }

    @Override
    protected final List<String> mainArguments() {
        return mainClass("kafka.Kafka", workDir().resolve("server.properties").toString());
    }

    private List<String> mainClass(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("-Dlog4j2.configurationFile=" + workDir().resolve("log4j2.properties"));
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(arguments));
        return command;
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
    static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }
}
