package io.samsa.broker.replication;

import io.samsa.protocol.message.MetadataResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Three broker processes on 127.0.0.1 forming one cluster (each a metadata voter), with per-node probes. */
final class TestCluster implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(90);

    /** A partition's leader, leader epoch and preferred leader (first replica) as one node's Metadata gives them. */
    record Leader(int leader, int epoch, int preferred) {
        boolean isPreferred() {
            return leader == preferred;
        }
    }

    private final Path dir;
    private final List<BrokerProcess> nodes = new ArrayList<>();
    private final int[] clientPorts = new int[3];

    TestCluster(Path dir) throws IOException {
        this.dir = dir;
        int[] raftPorts = new int[3];
        for (int i = 0; i < 3; i++) {
            clientPorts[i] = freePort();
            raftPorts[i] = freePort();
        }
        String classpath = BrokerProcess.privateClasspath(dir);
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(raftPorts[i]);
        }
        for (int i = 0; i < 3; i++) {
            int id = i + 1;
            Path nodeDir = dir.resolve("node-" + id);
            Map<String, String> config = new LinkedHashMap<>();
            config.put("node.id", Integer.toString(id));
            config.put("process.roles", "broker,controller");
            config.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPorts[i] + ",CONTROLLER://127.0.0.1:" + raftPorts[i]);
            config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPorts[i]);
            config.put("controller.listener.names", "CONTROLLER");
            config.put("controller.quorum.voters", voters.toString());
            config.put("log.dirs", nodeDir.resolve("data").toString());
            config.put("metadata.log.dir", nodeDir.resolve("metadata").toString());
            config.put("num.io.threads", "4");
            config.put("num.network.threads", "2");
            config.put("offsets.topic.replication.factor", "3");
            config.put("offsets.topic.num.partitions", "6");
            config.put("min.insync.replicas", "2");
            config.put("group.initial.rebalance.delay.ms", "0");
            nodes.add(new BrokerProcess(id, nodeDir, config, classpath));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    void startAll() throws IOException {
        for (BrokerProcess node : nodes) {
            node.start();
        }
        for (BrokerProcess node : nodes) {
            node.awaitStarted(START);
        }
    }

    /** Restarts any node a test left killed, and waits until all three serve. */
    void ensureAllRunning() throws IOException {
        for (BrokerProcess node : nodes) {
            if (!node.isAlive()) {
                node.start();
            }
        }
        for (BrokerProcess node : nodes) {
            node.awaitStarted(START);
        }
    }

    BrokerProcess node(int id) {
        return nodes.get(id - 1);
    }

    Path dataDir(int id) {
        return dir.resolve("node-" + id).resolve("data");
    }

    /** The concatenated segment files of a partition on node {@code id}; empty when the node does not host it. */
    byte[] segmentBytes(int id, String topic, int partition) {
        Path partitionDir = dataDir(id).resolve(topic + "-" + partition);
        if (!Files.isDirectory(partitionDir)) {
            return new byte[0];
        }
        try (Stream<Path> files = Files.list(partitionDir)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Path segment : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                out.write(Files.readAllBytes(segment));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrap() {
        StringBuilder b = new StringBuilder();
        for (int port : clientPorts) {
            b.append(b.length() == 0 ? "" : ",").append("127.0.0.1:").append(port);
        }
        return b.toString();
    }

    String bootstrap(int id) {
        return "127.0.0.1:" + clientPorts[id - 1];
    }

    /** Node {@code id}'s own Metadata answer for {@code topic}: partition → (leader, epoch). */
    Map<Integer, Leader> leaders(int id, String topic) throws IOException {
        {
            MetadataResponse response = MetadataProbe.ask(clientPorts[id - 1], topic);
            Map<Integer, Leader> leaders = new TreeMap<>();
            for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
                for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
                    leaders.put(p.partitionIndex(), new Leader(p.leaderId(), p.leaderEpoch(),
                            p.replicaNodes().isEmpty() ? -1 : p.replicaNodes().get(0)));
                }
            }
            return leaders;
        }
    }

    /** Node {@code id}'s own Metadata answer for {@code topic}: partition → replicas, in order. */
    Map<Integer, List<Integer>> replicas(int id, String topic) throws IOException {
        MetadataResponse response = MetadataProbe.ask(clientPorts[id - 1], topic);
        Map<Integer, List<Integer>> replicas = new TreeMap<>();
        for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
            for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
                replicas.put(p.partitionIndex(), List.copyOf(p.replicaNodes()));
            }
        }
        return replicas;
    }

    /** Waits until every running node's Metadata names the same leaders for all {@code partitions} and returns them. */
    Map<Integer, Leader> awaitAgreedLeaders(String topic, int partitions, Duration timeout,
                                            java.util.function.Predicate<Map<Integer, Leader>> acceptable) {
        Map<Integer, Leader>[] agreed = new Map[1];
        Await.until(timeout, "all running nodes to agree on the leaders of " + topic, () -> {
            Map<Integer, Leader> first = null;
            for (BrokerProcess node : nodes) {
                if (!node.isAlive()) {
                    continue;
                }
                Map<Integer, Leader> seen = leaders(node.nodeId(), topic);
                if (seen.size() != partitions || seen.values().stream().anyMatch(l -> l.leader() < 0)) {
                    return false;
                }
                if (first == null) {
                    first = seen;
                } else if (!first.equals(seen)) {
                    return false;
                }
            }
            if (first == null || !acceptable.test(first)) {
                return false;
            }
            agreed[0] = first;
            return true;
        });
        return agreed[0];
    }

    @Override
    public void close() throws InterruptedException {
        for (BrokerProcess node : nodes) {
            node.close();
        }
    }
}
