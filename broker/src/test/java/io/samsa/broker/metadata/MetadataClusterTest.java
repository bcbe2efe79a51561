package io.samsa.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.protocol.ErrorCode;
import io.samsa.raft.QuorumVoter;
import io.samsa.raft.RaftConfig;
import io.samsa.raft.RaftEndpoint;
import io.samsa.raft.RaftNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three metadata voters on 127.0.0.1 in one JVM: images converge, writes sent to any node commit, the leader stops
 * and a new one takes over, the stopped node restarts and catches up (by snapshot install: the log it missed has
 * been purged), and two nodes racing to create one topic get exactly one success.
 */
class MetadataClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<Member> members = new ArrayList<>();

    /** One node: Raft node plus metadata store, restartable on the same directory and port. */
    private static final class Member {
        final RaftConfig config;
        RaftNode node;
        MetadataStore store;

        Member(RaftConfig config) {
            this.config = config;
        }

        void start() throws IOException {
            MetadataStateMachine sm = new MetadataStateMachine();
            node = RaftNode.start(config, groupId -> sm);
            store = MetadataStore.openRaft(node, sm, MetadataSettings.defaults());
        }

        void stop() {
            if (store != null) {
                store.close();
                node.close();
                store = null;
                node = null;
            }
        }

        boolean running() {
            return store != null;
        }

        int id() {
            return config.nodeId();
        }
    }

    @AfterEach
    void stopAll() {
        members.forEach(Member::stop);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private Member controller() {
        Await.until(WAIT, "a controller", () -> members.stream().anyMatch(m -> m.running() && m.store.isController()));
        return members.stream().filter(m -> m.running() && m.store.isController()).findFirst().orElseThrow();
    }

    private void awaitConverged() {
        Await.until(WAIT, "all running images equal", () -> {
            List<MetadataImage> images = members.stream().filter(Member::running).map(m -> m.store.image()).toList();
            return images.stream().distinct().count() == 1 && images.get(0).controllerId() != -1;
        });
    }

    @Test
    void threeVotersConvergeFailOverAndCatchUp() throws Exception {
        List<QuorumVoter> voters = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            voters.add(new QuorumVoter(id, "127.0.0.1", FreePorts.next()));
        }
        for (QuorumVoter v : voters) {
            members.add(new Member(RaftConfig.of(v.id(), voters, new RaftEndpoint(v.host(), v.port()),
                    tmp.resolve("node-" + v.id())).withSnapshotThreshold(20).withSegmentSizeBytes(4096)));
        }
        for (Member m : members) {
            m.start();
        }
        for (Member m : members) {
            get(m.store.ready());
            get(m.store.registerBroker(m.id(), UUID.randomUUID(),
                    List.of(new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9090 + m.id(), "PLAINTEXT")), null));
        }
        // A registration answers once the registering node's image has it; the others may lag a moment.
        awaitConverged();
        Member leader = controller();
        Member follower = members.stream().filter(m -> m != leader).findFirst().orElseThrow();
        Member other = members.stream().filter(m -> m != leader && m != follower).findFirst().orElseThrow();

        CreateTopicResult viaFollower = get(follower.store.createTopics(List.of(NewTopic.of("orders", 6, 3)), false))
                .get("orders");
        assertTrue(viaFollower.isOk(), viaFollower.toString());
        assertEquals(viaFollower.topicId(), follower.store.image().topic("orders").orElseThrow().topicId(),
                "the follower's answer waits for its own image");
        awaitConverged();
        assertEquals(3, leader.store.image().brokers().size());

        // Two nodes race to create one topic: exactly one wins.
        CompletableFuture<Map<String, CreateTopicResult>> a = follower.store.createTopics(
                List.of(NewTopic.of("race", 1, 3)), false);
        CompletableFuture<Map<String, CreateTopicResult>> b = other.store.createTopics(
                List.of(NewTopic.of("race", 2, 3)), false);
        List<ErrorCode> outcomes = List.of(get(a).get("race").error(), get(b).get("race").error());
        assertTrue(outcomes.contains(ErrorCode.NONE) && outcomes.contains(ErrorCode.TOPIC_ALREADY_EXISTS),
                outcomes.toString());

        long stopping = System.nanoTime();
        leader.stop();
        long stopped = System.nanoTime();
        Member next = controller();
        long elected = System.nanoTime();
        assertTrue(get(other.store.createTopics(List.of(NewTopic.of("after-failover", 2, 2)), false))
                .get("after-failover").isOk());
        System.out.printf("metadata failover: stopping the leader took %d ms; new controller %d ms after it began "
                        + "stopping, first create committed after %d ms%n", (stopped - stopping) / 1_000_000,
                (elected - stopping) / 1_000_000, (System.nanoTime() - stopping) / 1_000_000);

        // More than a snapshot's worth of changes while the old leader is down, so its missing log gets purged.
        for (int i = 0; i < 30; i++) {
            assertTrue(get(next.store.alterConfigs(Map.of(ConfigResource.topic("orders"),
                    List.of(ConfigChange.set("retention.ms", Integer.toString(i)))), false, false))
                    .get(ConfigResource.topic("orders")).isOk());
        }
        leader.start();
        awaitConverged();
        assertEquals("29", leader.store.image().topicConfigs("orders").get("retention.ms"));
        assertEquals(3, leader.store.image().topics().size(), "orders, race, after-failover");
    }
}
