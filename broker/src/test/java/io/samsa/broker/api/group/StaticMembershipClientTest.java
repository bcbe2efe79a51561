package io.samsa.broker.api.group;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.TestBrokers;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * KIP-345 with real consumers: a static member that restarts within its session timeout gets its partitions back
 * without a rebalance; the other member sees no revocation and the generation does not change.
 */
@Timeout(120)
class StaticMembershipClientTest {
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

    private static Map<String, Object> staticConfig(String instance) {
        return Map.of("group.instance.id", instance, "session.timeout.ms", "6000");
    }

    @Test
    void aStaticMemberRestartingWithinItsSessionTimeoutGetsItsPartitionsBackWithoutARebalance() throws Exception {
        String topic = "static-topic";
        String group = "static-group";
        GroupClients.createTopic(bootstrap, topic, 4);
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        ConsumerRunner a = new ConsumerRunner("a", bootstrap, group, topic, consumed, staticConfig("instance-a"));
        ConsumerRunner b = new ConsumerRunner("b", bootstrap, group, topic, consumed, staticConfig("instance-b"));
        ConsumerRunner b2 = null;
        try {
            GroupClients.awaitSplit(List.of(a, b), 4, "two static members share 4 partitions");
            Set<TopicPartition> bPartitions = b.assignment();
            int generation = a.generation();
            int aRevocations = a.revoked.get();

            b.close();   // a static member leaves no LeaveGroup behind: it is expected back
            b2 = new ConsumerRunner("b2", bootstrap, group, topic, consumed, staticConfig("instance-b"));
            ConsumerRunner restarted = b2;
            Eventually.until(Duration.ofSeconds(20), () -> "b2 gets " + bPartitions + ", has "
                    + restarted.assignment(), () -> restarted.assignment().equals(bPartitions));

            List<String> produced = new ArrayList<>();
            GroupClients.produce(bootstrap, topic, 0, 40, produced);
            Eventually.until(Duration.ofSeconds(20), () -> "records consumed", () -> consumed.containsAll(produced));
            assertEquals(generation, a.generation(), "no rebalance: same generation");
            assertEquals(generation, b2.generation());
            assertEquals(aRevocations, a.revoked.get(), "a kept its partitions throughout");
            assertEquals(0, a.lost.get());
        } finally {
            a.close();
            b.close();
            if (b2 != null) {
                b2.close();
            }
        }
    }
}
