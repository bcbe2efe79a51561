package io.samsa.broker.metadata;

import io.samsa.raft.QuorumVoter;
import io.samsa.raft.RaftConfig;
import io.samsa.raft.RaftEndpoint;
import io.samsa.raft.RaftNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A child-process program measuring a single node's start: from JVM start to a metadata store that has accepted a
 * write (broker registered, topic created, both visible in the image). Prints one line
 * {@code READY mode=<local|raft> jvmToMain=<ms> mainToReady=<ms> jvmToReady=<ms> topics=<n>}.
 *
 * <p>Usage: {@code StartupProbe <local|raft> <metadata dir> [raft port]}.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainNanos = System.nanoTime();
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        long jvmToMain = System.currentTimeMillis() - jvmStartMs;
        Path dir = Path.of(args[1]);
        RaftNode node = null;
        MetadataStore store;
        if (args[0].equals("raft")) {
            int port = Integer.parseInt(args[2]);
            RaftConfig config = RaftConfig.of(1, List.of(new QuorumVoter(1, "127.0.0.1", port)),
                    new RaftEndpoint("127.0.0.1", port), dir);
            MetadataStateMachine sm = new MetadataStateMachine();
            node = RaftNode.start(config, groupId -> sm);
            store = MetadataStore.openRaft(node, sm, MetadataSettings.defaults());
            store.ready().get(30, TimeUnit.SECONDS);
        } else {
            store = MetadataStore.openLocal(1, dir, MetadataSettings.defaults());
        }
        store.registerBroker(1, UUID.randomUUID(), List.of(new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9092,
                "PLAINTEXT")), null).get(30, TimeUnit.SECONDS);
        String topic = "t-" + store.image().offset();
        Map<String, CreateTopicResult> created = store.createTopics(List.of(NewTopic.of(topic, 1, 1)), false)
                .get(30, TimeUnit.SECONDS);
        long mainToReady = (System.nanoTime() - mainNanos) / 1_000_000;
        if (!created.get(topic).isOk() || store.image().topic(topic).isEmpty()) {
            System.out.println("FAILED " + created);
            System.exit(1);
        }
        System.out.println("READY mode=" + args[0] + " jvmToMain=" + jvmToMain + " mainToReady=" + mainToReady
                + " jvmToReady=" + (jvmToMain + mainToReady) + " topics=" + store.image().topics().size());
        System.out.flush();
        store.close();
        if (node != null) {
            node.close();
        }
        System.exit(0);
    }
}
