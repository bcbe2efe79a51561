package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of a 3-node Apache Kafka cluster in KRaft combined mode: broker and controller in one
 * process, the three nodes a static controller quorum ({@code controller.quorum.voters}), as
 * {@link KafkaBroker} runs a single node but with the cluster's shared settings
 * ({@link Cluster#replicatedSettings}). Storage is formatted with the cluster's one id before the
 * launch, as {@code kafka-storage.sh format} is run on every node of a new cluster.
 */
final class KafkaClusterNode extends BrokerProcess {
    private static final long FORMAT_TIMEOUT_SECONDS = 120;

    private final int nodeId;
    private final String voters;
    private final String clusterId;
    private final String classpath;

    /** @param ports this node's client port, then its controller port */
    KafkaClusterNode(int nodeId, Path workDir, List<String> jvmOptions, int[] ports, String voters, String clusterId,
                     String classpath) throws IOException {
        super("kafka-" + nodeId, workDir, jvmOptions, ports);
        this.nodeId = nodeId;
        this.voters = voters;
        this.clusterId = clusterId;
        this.classpath = classpath;
    }

    @Override
    protected void prepare() throws IOException {
        String client = HOST + ":" + port(0);
        Map<String, String> own = Cluster.replicatedSettings();
        own.put("process.roles", "broker,controller");
        own.put("node.id", Integer.toString(nodeId));
        own.put("controller.quorum.voters", voters);
        own.put("listeners", "PLAINTEXT://" + client + ",CONTROLLER://" + HOST + ":" + port(1));
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

    @Override
    protected List<String> mainArguments() {
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
}
