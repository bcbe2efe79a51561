package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One node of a 3-node Samsa cluster, configured as {@code broker/cluster.sh} configures its nodes
 * (broker and Raft voter in one process, {@code CONTROLLER} listener = the node's Ratis server,
 * data and Raft logs in the node's directory) plus the cluster's shared settings
 * ({@link Cluster#replicatedSettings}), run as a user runs it: {@code java -jar samsa.jar
 * server.properties}.
 */
final class SamsaClusterNode extends BrokerProcess {
    private final int nodeId;
    private final String voters;
    private final Path jar;

    /** @param ports this node's client port, then its Raft (controller) port */
    SamsaClusterNode(int nodeId, Path workDir, List<String> jvmOptions, int[] ports, String voters, Path jar)
        throws IOException {
        super("samsa-" + nodeId, workDir, jvmOptions, ports);
        this.nodeId = nodeId;
        this.voters = voters;
        this.jar = jar.toAbsolutePath().normalize();
    }

    /** Where this node keeps its Raft groups (the metadata group and its data groups' Raft logs). */
    Path metadataDir() {
        return workDir().resolve("metadata");
    }

    @Override
    protected void prepare() throws IOException {
        String client = HOST + ":" + port(0);
        Map<String, String> own = Cluster.replicatedSettings();
        own.put("node.id", Integer.toString(nodeId));
        own.put("process.roles", "broker,controller");
        own.put("listeners", "PLAINTEXT://" + client + ",CONTROLLER://" + HOST + ":" + port(1));
        own.put("advertised.listeners", "PLAINTEXT://" + client);
        own.put("controller.listener.names", "CONTROLLER");
        own.put("controller.quorum.voters", voters);
        own.put("log.dirs", dataDir().toString());
        own.put("metadata.log.dir", metadataDir().toString());
        writeServerProperties(own);
    }

    @Override
    protected List<String> mainArguments() {
        return List.of("-jar", jar.toString(), workDir().resolve("server.properties").toString());
    }
}
