package io.samsa.broker.metadata;

import io.samsa.raft.QuorumVoter;
import io.samsa.raft.RaftConfig;
import io.samsa.raft.RaftEndpoint;
import io.samsa.raft.RaftNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The metadata store of one node on a one-voter Ratis group: the same contract as on the local journal. */
class RaftMetadataStoreTest extends MetadataStoreContract {

    private final int port = FreePorts.next();
    private RaftNode node;

    @Override
    MetadataStore open(Path dir, long snapshotThreshold) throws Exception {
        RaftConfig config = RaftConfig.of(NODE, List.of(new QuorumVoter(NODE, "127.0.0.1", port)),
                new RaftEndpoint("127.0.0.1", port), dir).withSnapshotThreshold(snapshotThreshold);
        MetadataStateMachine sm = new MetadataStateMachine();
        node = RaftNode.start(config, groupId -> sm);
        MetadataStore opened = MetadataStore.openRaft(node, sm, MetadataSettings.defaults());
        opened.ready().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until(WAIT, "this node is the controller", () -> opened.image().controllerId() == NODE);
        return opened;
    }

    @Override
    void closeStore() {
        store.close();
        node.close();
    }
}
