package io.samsa.broker.metadata;

import io.samsa.raft.QuorumVoter;
import io.samsa.raft.RaftConfig;
import io.samsa.raft.RaftEndpoint;
import io.samsa.raft.RaftNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One metadata voter as a child process, for {@link MetadataKillTest}: starts a Raft node and metadata store, then
 * answers commands read from stdin, one line each, on stdout:
 * <pre>
 *   status                       → STATUS controller=&lt;id&gt; leader=&lt;bool&gt; offset=&lt;n&gt; cluster=&lt;id&gt; brokers=&lt;n&gt;
 *                                  topics=a,b
 *   create &lt;topic&gt; &lt;n&gt; &lt;rf&gt;     → CREATED &lt;topic&gt; &lt;error name&gt;
 *   register                     → REGISTERED &lt;epoch&gt;
 * </pre>
 * Usage: {@code MetadataNodeMain <node id> <controller.quorum.voters> <metadata dir>}.
 */
public final class MetadataNodeMain {

    private MetadataNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        int nodeId = Integer.parseInt(args[0]);
        List<QuorumVoter> voters = QuorumVoter.parseAll(args[1]);
        QuorumVoter self = voters.stream().filter(v -> v.id() == nodeId).findFirst().orElseThrow();
        RaftConfig config = RaftConfig.of(nodeId, voters, new RaftEndpoint(self.host(), self.port()), Path.of(args[2]))
                .withSnapshotThreshold(20).withSegmentSizeBytes(4096);
        MetadataStateMachine sm = new MetadataStateMachine();
        RaftNode node = RaftNode.start(config, groupId -> sm);
        MetadataStore store = MetadataStore.openRaft(node, sm, MetadataSettings.defaults());
        System.out.println("STARTED " + nodeId);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] cmd = line.trim().split(" ");
            switch (cmd[0]) {
                case "status" -> {
                    MetadataImage image = store.image();
                    System.out.println("STATUS controller=" + image.controllerId() + " leader=" + store.isController()
                            + " offset=" + image.offset() + " cluster=" + image.clusterId()
                            + " brokers=" + image.brokers().size() + " topics="
                            + String.join(",", image.topics().stream().map(TopicImage::name).sorted().toList()));
                }
                case "register" -> System.out.println("REGISTERED " + store.registerBroker(nodeId, UUID.randomUUID(),
                        List.of(new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9090 + nodeId, "PLAINTEXT")), null)
                        .get(30, TimeUnit.SECONDS).brokerEpoch());
                case "create" -> System.out.println("CREATED " + cmd[1] + " " + store.createTopics(
                        List.of(NewTopic.of(cmd[1], Integer.parseInt(cmd[2]), Integer.parseInt(cmd[3]))), false)
                        .get(60, TimeUnit.SECONDS).get(cmd[1]).error());
                default -> System.out.println("UNKNOWN " + line);
            }
            System.out.flush();
        }
        store.close();
        node.close();
    }
}
