package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Three broker processes of one kind (Apache Kafka or Samsa) forming a cluster on 127.0.0.1: every
 * node is a broker and a voter of the metadata quorum, in its own directory under the turn's work
 * directory ({@code node-1..3}). All ports are chosen before any node is configured, every node is
 * prepared (configuration, Kafka's storage format) before any is launched, and all are launched
 * before the start-up wait, since a node may answer only once a quorum of its peers is up.
 *
 * <p>Owns its nodes; used from the harness's main thread only.
 */
final class Cluster {
    static final int NODES = 3;

    private final String name;
    private final Path workDir;
    private final List<BrokerProcess> nodes;

    private Cluster(String name, Path workDir, List<BrokerProcess> nodes) {
        this.name = name;
        this.workDir = workDir;
        this.nodes = List.copyOf(nodes);
    }

    static Cluster kafka(Path workDir, List<String> jvmOptions, String classpath) throws IOException {
        int[] ports = BrokerProcess.freePorts(2 * NODES);
        String voters = voters(ports);
        String clusterId = KafkaProcess.newClusterId();
        List<BrokerProcess> nodes = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            nodes.add(new KafkaClusterNode(n, workDir.resolve("node-" + n), jvmOptions, nodePorts(ports, n), voters,
                clusterId, classpath));
        }
        return new Cluster("kafka", workDir, nodes);
    }

    static Cluster samsa(Path workDir, List<String> jvmOptions, Path jar) throws IOException {
        int[] ports = BrokerProcess.freePorts(2 * NODES);
        String voters = voters(ports);
        List<BrokerProcess> nodes = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            nodes.add(new SamsaClusterNode(n, workDir.resolve("node-" + n), jvmOptions, nodePorts(ports, n), voters,
                jar));
        }
        return new Cluster("samsa", workDir, nodes);
    }

    static Cluster of(String name, Path workDir, List<String> jvmOptions, String kafkaClasspath, Path samsaJar)
        throws IOException {
        return name.equals("kafka") ? kafka(workDir, jvmOptions, kafkaClasspath) : samsa(workDir, jvmOptions, samsaJar);
    }

    /**
     * Settings both clusters share beyond {@link BrokerProcess#COMMON_SETTINGS}: replication factor 3
     * for new and internal topics and {@code min.insync.replicas=2}, as {@code broker/cluster.sh}
     * configures Samsa. Flush, segment, thread and socket settings stay at the defaults.
     */
    static Map<String, String> replicatedSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("default.replication.factor", "3");
        settings.put("min.insync.replicas", "2");
        settings.put("offsets.topic.replication.factor", "3");
        settings.put("transaction.state.log.replication.factor", "3");
        settings.put("transaction.state.log.min.isr", "2");
        return settings;
    }

    String name() {
        return name;
    }

    Path workDir() {
        return workDir;
    }

    List<BrokerProcess> nodes() {
        return nodes;
    }

    String bootstrapServers() {
        return nodes.stream().map(BrokerProcess::bootstrapServers).collect(Collectors.joining(","));
    }

    /** Starts the three nodes; returns the milliseconds from the first launch to the last node's first answer. */
    double start(long timeoutSeconds) throws IOException {
        for (BrokerProcess node : nodes) {
            node.prepare();
        }
        for (BrokerProcess node : nodes) {
            node.launch();
        }
        long firstLaunch = nodes.get(0).launchedNanos();
        long deadline = firstLaunch + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        double lastAnswer = 0;
        try {
            for (BrokerProcess node : nodes) {
                double sinceOwnLaunch = node.awaitFirstAnswer(deadline);
                lastAnswer = Math.max(lastAnswer, sinceOwnLaunch + (node.launchedNanos() - firstLaunch) / 1e6);
            }
        } catch (IllegalStateException e) {
            stop();
            throw e;
        }
        return lastAnswer;
    }

    boolean allRunning() {
        return nodes.stream().allMatch(BrokerProcess::isRunning);
    }

    /** SIGTERM to every node at once, then wait for each (SIGKILL after the node's timeout). */
    void stop() {
        nodes.forEach(BrokerProcess::terminate);
        nodes.forEach(BrokerProcess::stop);
    }

    /** {@code 1@127.0.0.1:p,2@...,3@...}: each node's second port is its controller (Raft) port. */
    private static String voters(int[] ports) {
        List<String> voters = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            voters.add(n + "@" + BrokerProcess.HOST + ":" + nodePorts(ports, n)[1]);
        }
        return String.join(",", voters);
    }

    private static int[] nodePorts(int[] ports, int node) {
        return new int[] {ports[2 * (node - 1)], ports[2 * (node - 1) + 1]};
    }
}
