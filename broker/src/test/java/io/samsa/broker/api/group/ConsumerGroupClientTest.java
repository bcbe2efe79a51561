package io.samsa.broker.api.group;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.TestBrokers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real kafka-clients 4.4 consumers over loopback, one group per assignor: two then three consumers split a
 * six-partition topic, one leaves, one dies (its session times out), and throughout every record is consumed and
 * the consumer that stays never loses its membership (no {@code UNKNOWN_MEMBER_ID}, which the Java client reports
 * through {@code onPartitionsLost}).
 */
@Timeout(180)
class ConsumerGroupClientTest {
    @TempDir
    static Path dir;
    static Broker broker;
    static String bootstrap;

    @BeforeAll
    static void start() {
        broker = TestBrokers.start(GroupTestBrokers.props(dir));
        bootstrap = TestBrokers.bootstrap(broker);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"range", "roundrobin", "cooperative-sticky"})
    void consumersSplitPartitionsThroughJoinsALeaveAndACrash(String assignor) throws Exception {
        String topic = "split-" + assignor;
        String group = "group-" + assignor;
        GroupClients.createTopic(bootstrap, topic, 6);
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        List<String> produced = new ArrayList<>();
        Map<String, Object> config = Map.of("partition.assignment.strategy", GroupClients.strategyClass(assignor));

        ConsumerRunner c1 = new ConsumerRunner("c1", bootstrap, group, topic, consumed, config);
        ConsumerRunner c2 = new ConsumerRunner("c2", bootstrap, group, topic, consumed, config);
        ConsumerRunner c3 = null;
        try {
            GroupClients.produce(bootstrap, topic, 0, 120, produced);
            GroupClients.awaitSplit(List.of(c1, c2), 6, "two consumers share 6 partitions 3/3");

            c3 = new ConsumerRunner("c3", bootstrap, group, topic, consumed, config);
            GroupClients.produce(bootstrap, topic, 120, 240, produced);
            GroupClients.awaitSplit(List.of(c1, c2, c3), 6, "three consumers share 6 partitions 2/2/2");

            c2.close();   // LeaveGroup
            GroupClients.produce(bootstrap, topic, 240, 360, produced);
            GroupClients.awaitSplit(List.of(c1, c3), 6, "after a leave, 3/3");

            c3.kill();    // no LeaveGroup: the session timeout removes it
            GroupClients.produce(bootstrap, topic, 360, 480, produced);
            GroupClients.awaitSplit(List.of(c1), 6, "after a crash, one consumer has all 6");

            Eventually.until(GroupClients.SETTLE, () -> "all records consumed; missing " + missing(produced, consumed),
                    () -> consumed.containsAll(produced));
            assertEquals(0, c1.lost.get(), "the surviving consumer never lost its membership");
            assertNull(c1.failure());
            assertTrue(c1.generation() <= 10, "rebalances settled (generation " + c1.generation() + ")");
        } finally {
            c1.close();
            c2.close();
            if (c3 != null) {
                c3.close();
            }
        }
    }

    private static List<String> missing(List<String> produced, Set<String> consumed) {
        return Stream.of(produced.toArray(String[]::new)).filter(v -> !consumed.contains(v)).limit(10).toList();
    }
}
