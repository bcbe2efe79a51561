package io.samsa.raft;

import static io.samsa.raft.RecordingStateMachine.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftNodeTest {

    private static final UUID GROUP = UUID.fromString("5a3d2c1b-0000-4000-8000-00000000aaaa");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final List<Member> members = new ArrayList<>();

    /** One node of a test cluster: its config, state machine and (while running) node and log. */
    private static final class Member {
        final RaftConfig config;
        RecordingStateMachine sm;
        RaftNode node;
        ReplicatedLog log;

        Member(RaftConfig config) {
            this.config = config;
        }

        void start() throws IOException {
            sm = new RecordingStateMachine();
            RecordingStateMachine forThisRun = sm;
            node = RaftNode.start(config, gid -> forThisRun);
            log = node.joinGroup(GROUP, config.voters());
        }

        void stop() {
            if (node != null) {
                node.close();
                node = null;
                log = null;
            }
        }

        boolean running() {
            return node != null;
        }
    }

    @AfterEach
    void stopAll() {
        members.forEach(Member::stop);
    }

    private List<Member> cluster(int voters, int listeners) {
        List<QuorumVoter> quorum = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int id = 1; id <= voters + listeners; id++) {
            int port = FreePorts.next();
            ports.add(port);
            if (id <= voters) {
                quorum.add(new QuorumVoter(id, "127.0.0.1", port));
            }
        }
        for (int id = 1; id <= voters + listeners; id++) {
            RaftConfig config = RaftConfig.of(id, quorum, new RaftEndpoint("127.0.0.1", ports.get(id - 1)),
                            tmp.resolve("node-" + id))
                    .withSnapshotThreshold(20)
                    .withSegmentSizeBytes(1024);
            members.add(new Member(config));
        }
        return members;
    }

    private Member leader() {
        Await.until(WAIT, "a leader", () -> members.stream().anyMatch(m -> m.running() && m.log.isLeader()));
        return members.stream().filter(m -> m.running() && m.log.isLeader()).findFirst().orElseThrow();
    }

    @Test
    void oneVoterCommitsSnapshotsPurgesAndRecovers() throws Exception {
        Member only = cluster(1, 0).get(0);
        long t0 = System.nanoTime();
        only.start();
        Commit first = only.log.submit(bytes("e0")).get(10, TimeUnit.SECONDS);
        System.out.printf("one-voter Ratis: start to first commit %d ms (JVM already warm)%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertArrayEquals(bytes("1"), first.result());
        assertEquals(OptionalInt.of(1), only.log.leaderId());

        List<String> expected = new ArrayList<>(List.of("e0"));
        for (int i = 1; i < 100; i++) {
            expected.add("e" + i);
            only.log.submit(bytes("e" + i)).get(10, TimeUnit.SECONDS);
        }
        assertEquals(expected, only.sm.entries());
        Path current = only.config.storageDir().resolve(GROUP.toString()).resolve("current");
        Await.until(WAIT, "segments before the snapshot purged", () -> !segmentStartingAt(current, 0));

        only.stop();
        only.start();
        Await.until(WAIT, "state recovered", () -> only.sm.entries().equals(expected));
        assertTrue(only.sm.restores() >= 1, "recovery started from a snapshot");
        assertEquals(101, Integer.parseInt(new String(
                only.log.submit(bytes("after")).get(10, TimeUnit.SECONDS).result(), java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void threeVotersReplicateForwardFailOverAndCatchUp() throws Exception {
        for (Member m : cluster(3, 0)) {
            m.start();
        }
        Member leader = leader();
        Member follower = members.stream().filter(m -> m != leader).findFirst().orElseThrow();

        Commit viaFollower = follower.log.submit(bytes("from-follower")).get(20, TimeUnit.SECONDS);
        assertArrayEquals(bytes("1"), viaFollower.result());
        leader.log.submit(bytes("from-leader")).get(20, TimeUnit.SECONDS);
        awaitConverged(List.of("from-follower", "from-leader"));

        long closing = System.nanoTime();
        leader.stop();
        Member next = leader();
        long elected = System.nanoTime();
        Member survivor = members.stream().filter(m -> m.running() && m != next).findFirst().orElseThrow();
        survivor.log.submit(bytes("after-failover")).get(20, TimeUnit.SECONDS);
        System.out.printf("3 voters: new leader %d ms after the old one began closing, first commit after %d ms%n",
                (elected - closing) / 1_000_000, (System.nanoTime() - closing) / 1_000_000);

        // Enough entries to snapshot and purge past everything the stopped node has.
        List<CompletableFuture<Commit>> more = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            more.add(next.log.submit(bytes("m" + i)));
        }
        CompletableFuture.allOf(more.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>(List.of("from-follower", "from-leader", "after-failover"));
        for (int i = 0; i < 60; i++) {
            expected.add("m" + i);
        }
        Await.until(WAIT, "survivors applied everything",
                () -> members.stream().filter(Member::running).allMatch(m -> m.sm.entries().equals(expected)));

        leader.start();
        Await.until(WAIT, "the restarted node caught up", () -> leader.sm.entries().equals(expected));
        assertFalse(leader.log.isLeader() && next.log.isLeader(), "one leader");
    }

    @Test
    void aNonVoterJoinsAsListenerAppliesAndForwards() throws Exception {
        List<Member> all = cluster(1, 1);
        Member voter = all.get(0);
        Member listener = all.get(1);
        voter.start();
        voter.log.submit(bytes("before-join")).get(10, TimeUnit.SECONDS);
        listener.start();
        Await.until(WAIT, "the listener replicated the log", () -> listener.sm.entries().equals(List.of("before-join")));
        assertFalse(listener.log.isLeader());
        assertEquals(OptionalInt.of(1), listener.log.leaderId());

        listener.log.submit(bytes("via-listener")).get(20, TimeUnit.SECONDS);
        Await.until(WAIT, "both applied the forwarded entry",
                () -> voter.sm.entries().size() == 2 && listener.sm.entries().equals(voter.sm.entries()));

        listener.stop();
        listener.start();
        Await.until(WAIT, "the restarted listener is still a member",
                () -> listener.sm.entries().equals(List.of("before-join", "via-listener")));
        voter.log.submit(bytes("after-restart")).get(10, TimeUnit.SECONDS);
        Await.until(WAIT, "the listener follows new entries", () -> listener.sm.entries().size() == 3);
    }

    private void awaitConverged(List<String> expected) {
        Await.until(WAIT, "all nodes applied " + expected,
                () -> members.stream().filter(Member::running).allMatch(m -> m.sm.entries().equals(expected)));
    }

    private static boolean segmentStartingAt(Path current, long index) {
        try (Stream<Path> files = Files.list(current)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith("log_" + index + "-") || n.equals("log_inprogress_" + index));
        } catch (IOException e) {
            return true;
        }
    }
}
