package io.samsa.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three metadata voters as separate processes on 127.0.0.1; the leader is killed with SIGKILL (no graceful Ratis
 * close), a new leader takes over and accepts a create, and the killed node restarts from its own disk and catches up.
 */
class MetadataKillTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern STATUS = Pattern.compile(
            "STATUS controller=(-?\\d+) leader=(true|false) offset=(\\d+) cluster=(\\S+) brokers=(\\d+) topics=(\\S*)");

    @TempDir
    Path tmp;

    private final List<ChildNode> nodes = new ArrayList<>();
    private String voters;

    @AfterEach
    void killAll() throws InterruptedException {
        for (ChildNode n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }

    private record Status(int controller, boolean leader, long offset, String cluster, int brokers, String topics) {
    }

    private static Status status(ChildNode node) {
        try {
            Matcher m = STATUS.matcher(node.ask("status", "STATUS", WAIT));
            assertTrue(m.matches(), m.toString());
            return new Status(Integer.parseInt(m.group(1)), Boolean.parseBoolean(m.group(2)),
                    Long.parseLong(m.group(3)), m.group(4), Integer.parseInt(m.group(5)), m.group(6));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ChildNode start(int id) throws Exception {
        return ChildNode.start(id, voters, tmp.resolve("node-" + id), tmp.resolve("node-" + id + ".log"));
    }

    private int leaderIndex() {
        int[] found = {-1};
        Await.until(WAIT, "a leader among the live nodes", () -> {
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).alive() && status(nodes.get(i)).leader()) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private void awaitSameTopics(String expected) {
        Await.until(WAIT, "every live node shows topics " + expected, () -> nodes.stream().filter(ChildNode::alive)
                .allMatch(n -> status(n).topics().equals(expected)));
    }

    @Test
    void killingTheLeaderElectsAnotherAndTheKilledNodeCatchesUp() throws Exception {
        voters = List.of(1, 2, 3).stream().map(id -> id + "@127.0.0.1:" + FreePorts.next())
                .collect(Collectors.joining(","));
        for (int id = 1; id <= 3; id++) {
            nodes.add(start(id));
        }
        for (ChildNode n : nodes) {
            n.ask("register", "REGISTERED", WAIT);
        }
        int leader = leaderIndex();
        ChildNode follower = nodes.get((leader + 1) % 3);
        Await.until(WAIT, "the follower sees all three brokers' registrations", () -> status(follower).brokers() == 3);
        assertEquals("CREATED before NONE", follower.ask("create before 3 3", "CREATED", WAIT));

        long killed = System.nanoTime();
        nodes.get(leader).kill();
        int next = leaderIndex();
        long elected = System.nanoTime();
        ChildNode survivor = nodes.get(next);
        assertEquals("CREATED after-kill NONE", survivor.ask("create after-kill 2 2", "CREATED", WAIT));
        System.out.printf("metadata failover after kill -9: new controller after %d ms, first create committed "
                + "after %d ms%n", (elected - killed) / 1_000_000, (System.nanoTime() - killed) / 1_000_000);
        for (int i = 0; i < 25; i++) {
            assertTrue(survivor.ask("create more-" + i + " 1 2", "CREATED", WAIT).endsWith("NONE"));
        }
        String expected = status(survivor).topics();
        assertTrue(expected.contains("after-kill") && expected.contains("before"), expected);

        nodes.set(leader, start(leader + 1));
        awaitSameTopics(expected);
        Status restarted = status(nodes.get(leader));
        Status reference = status(survivor);
        assertEquals(reference.cluster(), restarted.cluster());
        Await.until(WAIT, "the restarted node reaches the leader's offset",
                () -> status(nodes.get(leader)).offset() == status(survivor).offset());
    }
}
