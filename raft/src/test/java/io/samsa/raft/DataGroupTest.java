package io.samsa.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data groups: the state-machine-data channel on three Ratis servers in one JVM. */
class DataGroupTest {

    private static final UUID METADATA = UUID.fromString("5a3d2c1b-0000-4000-8000-00000000aaaa");
    private static final UUID DATA = UUID.fromString("5a3d2c1b-0000-4000-8000-00000000dddd");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<Member> members = new ArrayList<>();

    /** What a member's data state machine keeps "on disk": it survives the member's restarts. */
    static final class Store {
        final TreeMap<Long, String> written = new TreeMap<>();
        final List<Long> applied = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        final List<Object> contextsSeen = new ArrayList<>();
        final List<Long> checkpoints = new ArrayList<>();
        final List<Long> catchUps = new ArrayList<>();
    }

    /** Keeps data in a {@link Store}; writes complete at once, in order. */
    static final class StoreStateMachine implements ReplicatedDataStateMachine {
        final Store store;

        StoreStateMachine(Store store) {
            this.store = store;
        }

        @Override
        public void open(UUID groupId, Path stateDir) {
        }

        @Override
        public void logRecovered(long lastIndex) {
            synchronized (store) {
                store.written.tailMap(lastIndex, false).clear();
            }
        }

        @Override
        public CompletableFuture<?> write(long index, long term, ByteBuffer header, ByteBuffer data, Object context) {
            synchronized (store) {
                store.written.tailMap(index, true).clear();
                store.written.put(index, text(header) + "=" + text(data));
                if (context != null) {
                    store.contextsSeen.add(context);
                }
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> flush(long index) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> truncate(long fromIndex) {
            synchronized (store) {
                store.written.tailMap(fromIndex, true).clear();
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<ByteBuffer> read(long index, long term, ByteBuffer header) {
            store.reads.incrementAndGet();
            synchronized (store) {
                String value = store.written.get(index);
                String data = value.substring(value.indexOf('=') + 1);
                return CompletableFuture.completedFuture(ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
            }
        }

        @Override
        public void apply(long index, long term, ByteBuffer header, Object context) {
            synchronized (store) {
                store.applied.add(index);
            }
        }

        @Override
        public long checkpoint(long upToIndex) {
            synchronized (store) {
                store.checkpoints.add(upToIndex);
            }
            return upToIndex;
        }

        /** Every entry written up to {@code appliedIndex}, as {@code index\tvalue} lines. */
        @Override
        public byte[] describe(long appliedIndex) {
            StringBuilder out = new StringBuilder();
            synchronized (store) {
                store.written.headMap(appliedIndex, true).forEach((i, v) -> out.append(i).append('\t').append(v)
                        .append('\n'));
            }
            return bytes(out.toString());
        }

        @Override
        public CompletableFuture<Void> catchUp(int leaderId, long index, byte[] leaderState) {
            if (leaderState == null) {
                return CompletableFuture.completedFuture(null);
            }
            synchronized (store) {
                store.written.clear();
                for (String line : new String(leaderState, StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        store.written.put(Long.parseLong(line.substring(0, line.indexOf('\t'))),
                                line.substring(line.indexOf('\t') + 1));
                    }
                }
                store.catchUps.add(index);
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void prepareCatchUp() {
        }

        @Override
        public void close() {
        }
    }

    private final class Member {
        final RaftConfig config;
        final Store store = new Store();
        RaftNode node;
        ReplicatedDataLog log;

        Member(RaftConfig config) {
            this.config = config;
        }

        void start(List<DataGroupMember> group) throws IOException {
            RecordingStateMachine metadata = new RecordingStateMachine();
            node = RaftNode.start(config, gid -> metadata,
                    gid -> gid.equals(DATA) ? new StoreStateMachine(store) : null);
            log = node.joinDataGroup(DATA, group);
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

        List<String> data() {
            synchronized (store) {
                return new ArrayList<>(store.written.values());
            }
        }
    }

    @AfterEach
    void stopAll() {
        members.forEach(Member::stop);
    }

    private List<DataGroupMember> startCluster() throws IOException {
        return startCluster(20_000);
    }

    private List<DataGroupMember> startCluster(long snapshotThreshold) throws IOException {
        return startCluster(snapshotThreshold, 3);
    }

    /** Three nodes; the first {@code inGroup} of them form the data group, the others join it empty. */
    private List<DataGroupMember> startCluster(long snapshotThreshold, int inGroup) throws IOException {
        List<DataGroupMember> group = configureCluster(snapshotThreshold);
        for (Member m : members) {
            m.start(group.subList(0, inGroup));
        }
        return group;
    }

    /** Three members, none started; the data group of all three, node 1 preferred. */
    private List<DataGroupMember> configureCluster(long snapshotThreshold) {
        List<QuorumVoter> voters = new ArrayList<>();
        List<DataGroupMember> group = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            int port = FreePorts.next();
            voters.add(new QuorumVoter(id, "127.0.0.1", port));
            group.add(new DataGroupMember(id, "127.0.0.1:" + port, id == 1 ? 1 : 0));
        }
        for (QuorumVoter v : voters) {
            members.add(new Member(RaftConfig.of(v.id(), voters, new RaftEndpoint("127.0.0.1", v.port()),
                    tmp.resolve("node-" + v.id())).withSnapshotThreshold(snapshotThreshold).withSegmentSizeBytes(1024)));
        }
        return group;
    }

    private Member leader() {
        Await.until(WAIT, "a ready leader", () -> members.stream().anyMatch(m -> m.running() && m.log.isLeader()));
        return members.stream().filter(m -> m.running() && m.log.isLeader()).findFirst().orElseThrow();
    }

    @Test
    void dataReachesEveryMemberInLogOrderAndALaggingMemberCatchesUpThroughReads() throws Exception {
        List<DataGroupMember> group = startCluster();
        Await.until(WAIT, "the preferred member leads", () -> members.get(0).log.isLeader());
        Member leader = members.get(0);
        List<String> expected = new ArrayList<>();
        List<CompletableFuture<Commit>> commits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            commits.add(leader.log.submit(bytes("h" + i), bytes("d" + i), "ctx" + i));
            expected.add("h" + i + "=d" + i);
        }
        CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        Await.until(WAIT, "every member wrote the data in order",
                () -> members.stream().allMatch(m -> m.data().equals(expected)));
        synchronized (leader.store) {
            assertEquals(20, leader.store.contextsSeen.size(), "the submitter's context reaches its write");
        }
        for (Member m : members.subList(1, 3)) {
            synchronized (m.store) {
                assertTrue(m.store.contextsSeen.isEmpty(), "no context on followers");
            }
        }

        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> members.get(1).log.submit(bytes("h"), bytes("d"), null).get(10, TimeUnit.SECONDS));
        NotLeaderException notLeader = assertInstanceOf(NotLeaderException.class, refused.getCause());
        assertEquals(OptionalInt.of(1), notLeader.leaderHint());

        Member lagging = members.get(2);
        lagging.stop();
        commits.clear();
        for (int i = 20; i < 50; i++) {
            commits.add(leader.log.submit(bytes("h" + i), bytes("d" + i), null));
            expected.add("h" + i + "=d" + i);
        }
        CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        int readsBefore = leader.store.reads.get();
        lagging.start(group);
        Await.until(WAIT, "the restarted member caught up", () -> lagging.data().equals(expected));
        assertTrue(leader.store.reads.get() > readsBefore,
                "the leader read the applied entries' data back from its state machine");
        Await.until(WAIT, "the restarted member applied everything",
                () -> { synchronized (lagging.store) { return lagging.store.applied.size() >= 50; } });
    }

    @Test
    void leadershipMovesOnWhenTheLeaderStopsAndReturnsToThePreferredMember() throws Exception {
        List<DataGroupMember> group = startCluster();
        Await.until(WAIT, "the preferred member leads", () -> members.get(0).log.isLeader());
        long firstTerm = members.get(0).log.term();
        members.get(0).log.submit(bytes("h"), bytes("before"), null).get(20, TimeUnit.SECONDS);

        long stopping = System.nanoTime();
        members.get(0).stop();
        Member next = leader();
        System.out.printf("data group: new leader ready %d ms after the old one began closing%n",
                (System.nanoTime() - stopping) / 1_000_000);
        assertTrue(next.log.term() > firstTerm);
        next.log.submit(bytes("h"), bytes("during"), null).get(20, TimeUnit.SECONDS);

        members.get(0).start(group);
        Await.until(WAIT, "leadership returned to the preferred member", () -> members.get(0).log.isLeader());
        members.get(0).log.submit(bytes("h"), bytes("after"), null).get(20, TimeUnit.SECONDS);
        List<String> expected = List.of("h=before", "h=during", "h=after");
        Await.until(WAIT, "every member has the same data", () -> members.stream().allMatch(m -> m.data().equals(expected)));
        assertEquals(List.of(1, 2, 3), members.get(1).log.members());
        Map<Integer, Boolean> leaders = new TreeMap<>();
        members.forEach(m -> leaders.put(m.config.nodeId(), m.log.isLeader()));
        assertEquals(Map.of(1, true, 2, false, 3, false), leaders);
    }

    @Test
    void checkpointsNeverPassWhatADownMemberHasSoItCatchesUpFromTheLog() throws Exception {
        List<DataGroupMember> group = startCluster(10);
        Await.until(WAIT, "the preferred member leads", () -> members.get(0).log.isLeader());
        Member leader = members.get(0);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            leader.log.submit(bytes("h"), bytes("a" + i), null).get(20, TimeUnit.SECONDS);
            expected.add("h=a" + i);
        }
        Member down = members.get(2);
        Await.until(WAIT, "the member to stop has everything", () -> down.data().equals(expected));
        long downAt;
        synchronized (down.store) {
            downAt = down.store.written.lastKey();
        }
        down.stop();
        for (int i = 0; i < 60; i++) {
            leader.log.submit(bytes("h"), bytes("b" + i), null).get(20, TimeUnit.SECONDS);
            expected.add("h=b" + i);
        }
        long limit;
        synchronized (leader.store) {
            assertTrue(!leader.store.checkpoints.isEmpty(), "the leader checkpointed");
            limit = leader.store.checkpoints.stream().mapToLong(Long::longValue).max().orElseThrow();
        }
        assertTrue(limit <= downAt + 1, "no checkpoint passed the stopped member's last entry " + downAt
                + " (a leader no-op may follow it), got " + limit);
        down.start(group);
        Await.until(WAIT, "the stopped member caught up from the log", () -> down.data().equals(expected));
    }

    @Test
    void aMemberAddedAfterTheLogWasPurgedCatchesUpByCopyingTheLeadersState() throws Exception {
        List<DataGroupMember> all = startCluster(10, 2);
        Member leader = members.get(0);
        Member added = members.get(2);
        Await.until(WAIT, "the preferred member leads", leader.log::isLeader);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            leader.log.submit(bytes("h"), bytes("v" + i), null).get(20, TimeUnit.SECONDS);
            expected.add("h=v" + i);
        }
        synchronized (leader.store) {
            assertTrue(leader.store.checkpoints.stream().anyMatch(c -> c > 40), "the leader checkpointed (and purged)");
        }
        assertTrue(added.data().isEmpty(), "the node outside the group has nothing yet");

        leader.log.setMembers(all).get(60, TimeUnit.SECONDS);
        Await.until(WAIT, "the added member has every entry", () -> added.data().equals(expected));
        synchronized (added.store) {
            assertEquals(1, added.store.catchUps.size(), "one catch-up by copy: " + added.store.catchUps);
        }
        assertEquals(List.of(1, 2, 3), leader.log.members());
        leader.log.submit(bytes("h"), bytes("after"), null).get(20, TimeUnit.SECONDS);
        expected.add("h=after");
        Await.until(WAIT, "a later entry reaches the added member through the log",
                () -> added.data().equals(expected));
    }

    @Test
    void aMemberThatNeverStartsDoesNotHoldUpTheNextMembershipChange() throws Exception {
        List<DataGroupMember> all = startCluster(20_000, 2);
        Member leader = members.get(0);
        Await.until(WAIT, "the preferred member leads", leader.log::isLeader);
        DataGroupMember nobody = new DataGroupMember(4, "127.0.0.1:" + FreePorts.next(), 0);
        CompletableFuture<Void> stuck = leader.log.setMembers(List.of(all.get(0), all.get(1), nobody));

        // Well inside the 30 s the stuck change waits for its member: its probe must not keep the membership thread.
        leader.log.setMembers(all).get(15, TimeUnit.SECONDS);

        assertEquals(List.of(1, 2, 3), leader.log.members());
        assertFalse(stuck.isDone(), "the change to a member that never starts still waits for it");
    }

    @Test
    void aMemberStoppedBeforeItsGroupFirstHadALeaderStillElectsOneWhenItReturns() throws Exception {
        // A group of two, added on node 1 while node 2 is down: no leader, so nothing written but term 0. Ratis 3.3.0
        // would re-open it with no members, and node 2 could never win a vote.
        List<DataGroupMember> pair = configureCluster(20_000).subList(0, 2);
        Member first = members.get(0);
        Member second = members.get(1);
        first.start(pair);
        first.stop();

        first.start(pair);
        second.start(pair);
        Member leader = leader();
        leader.log.submit(bytes("h"), bytes("v"), null).get(20, TimeUnit.SECONDS);
        Await.until(WAIT, "both members have the entry",
                () -> first.data().equals(List.of("h=v")) && second.data().equals(List.of("h=v")));
        assertEquals(List.of(1, 2), first.log.members());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer b) {
        ByteBuffer copy = b.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
