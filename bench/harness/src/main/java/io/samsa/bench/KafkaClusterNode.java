package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One node of a 3-node Apache Kafka cluster in KRaft combined mode: broker and controller in one
 * process, the three nodes a static controller quorum ({@code controller.quorum.voters}), as
 * {@link KafkaBroker} runs a single node but with the cluster's shared settings
 * ({@link Cluster#replicatedSettings}). Storage is formatted with the cluster's one id before the
 * launch, as {@code kafka-storage.sh format} is run on every node of a new cluster.
 */
final class KafkaClusterNode extends KafkaProcess {
    private final int nodeId;
    private final String voters;
    private final String clusterId;

    /** @param ports this node's client port, then its controller port */
    KafkaClusterNode(int nodeId, Path workDir, List<String> jvmOptions, int[] ports, String voters, String clusterId,
                     String classpath) throws IOException {
        super("kafka-" + nodeId, workDir, jvmOptions, ports, classpath);
        this.nodeId = nodeId;
        this.voters = voters;
        this.clusterId = clusterId;
    }

    @Override
    protected void prepare() throws IOException {
        prepareCombinedNode(Cluster.replicatedSettings(), nodeId, voters, clusterId);
    }
}
