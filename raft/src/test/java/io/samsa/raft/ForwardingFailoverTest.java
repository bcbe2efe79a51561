package io.samsa.raft;

import static io.samsa.raft.RecordingStateMachine.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A follower's forwarded writes keep working after the leader they were forwarded to dies. */
class ForwardingFailoverTest {

    private static final UUID GROUP = UUID.fromString("5a3d2c1b-0000-4000-8000-00000000fafa");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<RaftNode> nodes = new ArrayList<>();
    private final List<ReplicatedLog> logs = new ArrayList<>();
    private final List<RecordingStateMachine> machines = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(n -> {
            if (n != null) {
                n.close();
            }
        });
    }

    @Test
    void aFollowerForwardsToTheNewLeaderAfterTheOldOneDies() throws IOException, Exception {
        List<QuorumVoter> voters = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            voters.add(new QuorumVoter(id, "127.0.0.1", FreePorts.next()));
        }
        for (QuorumVoter v : voters) {
            RecordingStateMachine sm = new RecordingStateMachine();
            RaftNode node = RaftNode.start(RaftConfig.of(v.id(), voters, new RaftEndpoint("127.0.0.1", v.port()),
                    tmp.resolve("node-" + v.id())).withSubmitTimeout(Duration.ofSeconds(20)), gid -> sm);
            nodes.add(node);
            machines.add(sm);
            logs.add(node.joinGroup(GROUP, voters));
        }
        Await.until(WAIT, "a leader", () -> logs.stream().anyMatch(ReplicatedLog::isLeader));
        int leader = indexOfLeader();
        int follower = (leader + 1) % 3;
        logs.get(follower).submit(bytes("before")).get(20, TimeUnit.SECONDS);

        nodes.get(leader).close();
        nodes.set(leader, null);
        // Sent at once, while the follower still names the dead leader: its forwarding client fails on them.
        List<java.util.concurrent.CompletableFuture<Commit>> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            during.add(logs.get(follower).submit(bytes("during-" + i)));
        }
        for (var f : during) {
            f.get(30, TimeUnit.SECONDS);
        }
        logs.get(follower).submit(bytes("after")).get(30, TimeUnit.SECONDS);
        Await.until(WAIT, "the follower applied everything", () -> machines.get(follower).entries().size() == 7);
        assertEquals("after", machines.get(follower).entries().get(6));
    }

    private int indexOfLeader() {
        for (int i = 0; i < logs.size(); i++) {
            if (nodes.get(i) != null && logs.get(i).isLeader()) {
                return i;
            }
        }
        return -1;
    }
}
