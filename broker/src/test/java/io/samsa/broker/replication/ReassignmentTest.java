package io.samsa.broker.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.AlterPartitionReassignmentsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partition reassignment across three broker processes, driven by kafka-clients' Admin: a replicated partition moves
 * to another replica set while a producer writes (a handover to a group of its own, then a Raft configuration change
 * whose new member copies the data from before the group existed), replication factor changes both ways (1 to 3, 3 to
 * 1), a preferred-leader change, a cancel, and Kafka's errors.
 */
class ReassignmentTest {

    private static final Duration MOVE = Duration.ofSeconds(90);

    /** Kept when a test fails: each node's broker log and data are what a hung move is diagnosed from. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private static TestCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = new TestCluster(dir);
        cluster.startAll();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()));
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPartitionMovesToAnotherReplicaSetWhileAProducerWritesAndEveryAcknowledgedRecordIsOnTheNewReplica()
            throws Exception {
        String topic = "moving";
        TopicPartition tp = new TopicPartition(topic, 0);
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(1, 2))))).all().get(60, TimeUnit.SECONDS);
        TestCluster.Leader before = cluster.awaitAgreedLeaders(topic, 1, MOVE,
                l -> l.get(0).epoch() >= 1 && l.get(0).isPreferred()).get(0);

        Set<Integer> acknowledged;
        try (NumberedProducer producer = producing(topic)) {
            acknowledged = producer.acknowledged();
            long started = System.nanoTime();
            admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(2, 3)))))
                    .all().get(30, TimeUnit.SECONDS);

            // While it moves, Kafka's listing: the target first, then the replica being removed.
            PartitionReassignment listed = admin.listPartitionReassignments(Set.of(tp)).reassignments()
                    .get(30, TimeUnit.SECONDS).get(tp);
            assertEquals(List.of(2, 3, 1), listed.replicas());
            assertEquals(List.of(3), listed.addingReplicas());
            assertEquals(List.of(1), listed.removingReplicas());

            awaitMoved(topic, List.of(2, 3));
            long movedMs = (System.nanoTime() - started) / 1_000_000;
            int atMove = producer.acknowledged().size();
            producer.awaitAcknowledged(atMove + 2_000, MOVE);
            producer.finish();
            System.out.printf("reassignment: %s-0 moved [1, 2] -> [2, 3] in %d ms under load; %d records "
                    + "acknowledged%n", topic, movedMs, producer.acknowledged().size());
        }

        TestCluster.Leader after = cluster.awaitAgreedLeaders(topic, 1, MOVE, l -> l.get(0).leader() == 2).get(0);
        assertTrue(after.epoch() > before.epoch(), "the leader epoch went on from " + before + " to " + after);
        Await.until(MOVE, "node 1 to delete its replica", () -> !Files.exists(cluster.dataDir(1).resolve(topic + "-0")));
        Await.until(MOVE, "identical segments on nodes 2 and 3", () -> {
            byte[] two = cluster.segmentBytes(2, topic, 0);
            return two.length > 0 && java.util.Arrays.equals(two, cluster.segmentBytes(3, topic, 0));
        });
        assertArrayEquals(cluster.segmentBytes(2, topic, 0), cluster.segmentBytes(3, topic, 0));
        assertTrue(Files.readString(cluster.node(3).log()).contains("Copied "), "node 3 copied the data from "
                + "before its group existed from the leader (see " + cluster.node(3).log() + ")");
        assertEveryAcknowledgedRecordOnceIn(topic, acknowledged);
    }

    @Test
    void aReplicaKilledInTheMiddleOfAMoveCatchesUpOnRestartAndTheMoveCompletes() throws Exception {
        // The replica being added, while it joins and copies; 1 and 2 keep the partition writable meanwhile.
        moveKillingMidway("interrupted-adding", List.of(1, 2), List.of(2, 3), 3, true);
    }

    @Test
    void theLeaderKilledInTheMiddleOfAMoveResumesItOnRestart() throws Exception {
        // The leader and replica being removed: its group may have no majority until it is back.
        moveKillingMidway("interrupted-leader", List.of(1, 2), List.of(2, 3), 1, false);
    }

    /** Moves {@code topic}-0 from {@code from} to {@code to} under a producer, SIGKILLing {@code victim} after the Alter. */
    private static void moveKillingMidway(String topic, List<Integer> from, List<Integer> to, int victim,
                                          boolean writableWhileDown) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        createAndAwaitLeader(topic, from, to);
        Set<Integer> acknowledged;
        try (NumberedProducer producer = producing(topic)) {
            acknowledged = producer.acknowledged();
            admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(to))))
                    .all().get(30, TimeUnit.SECONDS);
            cluster.node(victim).kill();
            if (writableWhileDown) {
                int atKill = producer.acknowledged().size();
                producer.awaitAcknowledged(atKill + 1_000, MOVE);
            }
            System.out.printf("reassignment: node %d killed mid-move of %s; listed while it was down: %s%n", victim,
                    tp, admin.listPartitionReassignments(Set.of(tp)).reassignments().get(30, TimeUnit.SECONDS));

            cluster.ensureAllRunning();
            awaitMoved(topic, to);
            int atMove = producer.acknowledged().size();
            producer.awaitAcknowledged(atMove + 1_000, MOVE);
            producer.finish();
        } finally {
            cluster.ensureAllRunning();
        }
        assertMovedTo(topic, to, acknowledged);
    }

    /**
     * Creates {@code topic} with partition 0 on {@code replicas} and waits until every broker names its first replica
     * leader. A partition that has one replica before or after its move to {@code target} takes acks=all then only at
     * min.insync.replicas=1 (the cluster's is 2), as in Kafka.
     */
    private static void createAndAwaitLeader(String topic, List<Integer> replicas, List<Integer> target)
            throws Exception {
        NewTopic created = new NewTopic(topic, Map.of(0, replicas));
        if (replicas.size() == 1 || target.size() == 1) {
            created.configs(Map.of("min.insync.replicas", "1"));
        }
        admin.createTopics(List.of(created)).all().get(60, TimeUnit.SECONDS);
        cluster.awaitAgreedLeaders(topic, 1, MOVE, l -> l.get(0).leader() == replicas.get(0)
                && (replicas.size() == 1 || l.get(0).epoch() >= 1));
    }

    /** The target's replicas hold identical bytes, the others deleted theirs, every acknowledged record is there once. */
    private static void assertMovedTo(String topic, List<Integer> to, Set<Integer> acknowledged) {
        for (int node = 1; node <= 3; node++) {
            int n = node;
            if (!to.contains(node)) {
                Await.until(MOVE, "node " + n + " to delete its replica",
                        () -> !Files.exists(cluster.dataDir(n).resolve(topic + "-0")));
            } else if (node != to.get(0)) {
                Await.until(MOVE, "identical segments on nodes " + to.get(0) + " and " + n, () -> {
                    byte[] first = cluster.segmentBytes(to.get(0), topic, 0);
                    return first.length > 0 && java.util.Arrays.equals(first, cluster.segmentBytes(n, topic, 0));
                });
            }
        }
        assertEveryAcknowledgedRecordOnceIn(topic, acknowledged);
    }

    @Test
    void aPartitionWithOneReplicaGetsThreeUnderLoadAndEveryReplicaHoldsEveryRecord() throws Exception {
        // Enters a group of its own on broker 1, which then grows one member at a time; 2 becomes the leader.
        reassignUnderLoad("grown", List.of(1), List.of(2, 3, 1));
    }

    @Test
    void aPartitionWithOneReplicaMovesToAnotherBrokerUnderLoad() throws Exception {
        // Its one-member group grows to [1, 2], then drops its first member and leader.
        reassignUnderLoad("relocated", List.of(1), List.of(2));
    }

    @Test
    void anUnreplicatedPartitionsBrokerKilledJustAfterTheAlterFinishesTheMoveOnRestart() throws Exception {
        // Its only broker: the partition is offline until it is back, sealed or not, in its group or not yet.
        moveKillingMidway("grown-interrupted", List.of(1), List.of(2, 3, 1), 1, false);
    }

    @Test
    void aPartitionWithThreeReplicasShrinksToOneUnderLoad() throws Exception {
        reassignUnderLoad("shrunk", List.of(1, 2, 3), List.of(3));
    }

    private static void reassignUnderLoad(String topic, List<Integer> from, List<Integer> to)
            throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        createAndAwaitLeader(topic, from, to);

        Set<Integer> acknowledged;
        try (NumberedProducer producer = producing(topic)) {
            acknowledged = producer.acknowledged();
            long started = System.nanoTime();
            admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(to))))
                    .all().get(30, TimeUnit.SECONDS);
            PartitionReassignment listed = admin.listPartitionReassignments(Set.of(tp)).reassignments()
                    .get(30, TimeUnit.SECONDS).get(tp);
            if (listed != null) { // null: already done
                assertEquals(to, listed.replicas().subList(0, to.size()), "the target first: " + listed);
            }
            awaitMoved(topic, to);
            long movedMs = (System.nanoTime() - started) / 1_000_000;
            int atMove = producer.acknowledged().size();
            producer.awaitAcknowledged(atMove + 1_000, MOVE);
            producer.finish();
            System.out.printf("reassignment: %s-0 %s -> %s in %d ms under load; %d records acknowledged%n", topic,
                    from, to, movedMs, producer.acknowledged().size());
        }

        cluster.awaitAgreedLeaders(topic, 1, MOVE, l -> l.get(0).leader() == to.get(0));
        assertMovedTo(topic, to, acknowledged);
    }

    @Test
    void aThrottledMoveCopiesNoFasterThanTheFollowerRate() throws Exception {
        String topic = "throttled";
        TopicPartition tp = new TopicPartition(topic, 0);
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(1, 2))))).all().get(60, TimeUnit.SECONDS);
        cluster.awaitAgreedLeaders(topic, 1, MOVE, l -> l.get(0).epoch() >= 1 && l.get(0).isPreferred());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, new byte[4096]));
            }
            producer.flush();
        }

        // What kafka-reassign-partitions --throttle 200000 sets for this move: broker 3 copies replica 0:3.
        long rate = 200_000;
        ConfigResource broker3 = new ConfigResource(ConfigResource.Type.BROKER, "3");
        ConfigResource topicResource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(
                broker3, List.of(new AlterConfigOp(new ConfigEntry("follower.replication.throttled.rate",
                        String.valueOf(rate)), AlterConfigOp.OpType.SET)),
                topicResource, List.of(new AlterConfigOp(new ConfigEntry("follower.replication.throttled.replicas",
                        "0:3"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(2, 3)))))
                .all().get(30, TimeUnit.SECONDS);
        awaitMoved(topic, List.of(2, 3));

        String copied = Files.readAllLines(cluster.node(3).log()).stream()
                .filter(line -> line.contains("Copied ") && line.contains("(throttled to " + rate + " bytes/s)"))
                .findFirst().orElseThrow(() -> new AssertionError("no throttled copy in " + cluster.node(3).log()));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) bytes in (\\d+) ms").matcher(copied);
        assertTrue(m.find(), copied);
        long bytes = Long.parseLong(m.group(1));
        long ms = Long.parseLong(m.group(2));
        System.out.printf("reassignment: throttled copy of %d bytes took %d ms at %d bytes/s%n", bytes, ms, rate);
        assertTrue(bytes > 800_000, copied);
        assertTrue(ms >= bytes * 1000 / rate * 9 / 10, "a copy of " + bytes + " bytes at " + rate
                + " bytes/s took only " + ms + " ms: " + copied);
        admin.incrementalAlterConfigs(Map.of(
                broker3, List.of(new AlterConfigOp(new ConfigEntry("follower.replication.throttled.rate", null),
                        AlterConfigOp.OpType.DELETE)),
                topicResource, List.of(new AlterConfigOp(new ConfigEntry("follower.replication.throttled.replicas",
                        null), AlterConfigOp.OpType.DELETE)))).all().get(30, TimeUnit.SECONDS);
    }

    @Test
    void reorderingTheReplicasMovesLeadershipToTheNewPreferredReplica() throws Exception {
        String topic = "reordered";
        TopicPartition tp = new TopicPartition(topic, 0);
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(1, 2, 3))))).all().get(60, TimeUnit.SECONDS);
        TestCluster.Leader before = cluster.awaitAgreedLeaders(topic, 1, MOVE,
                l -> l.get(0).epoch() >= 1 && l.get(0).leader() == 1).get(0);
        try (KafkaProducer<byte[], Integer> producer = producer()) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, i)).get(30, TimeUnit.SECONDS);
            }
        }
        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(2, 1, 3)))))
                .all().get(30, TimeUnit.SECONDS);
        awaitMoved(topic, List.of(2, 1, 3));
        TestCluster.Leader after = cluster.awaitAgreedLeaders(topic, 1, MOVE, l -> l.get(0).leader() == 2).get(0);
        assertTrue(after.epoch() > before.epoch(), before + " -> " + after);
        try (KafkaProducer<byte[], Integer> producer = producer()) {
            for (int i = 100; i < 200; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, i)).get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(200, readAll(topic).size());
    }

    @Test
    void aCancelMovesThePartitionBackAndKafkasErrorsAreKept() throws Exception {
        String topic = "cancelled";
        TopicPartition tp = new TopicPartition(topic, 0);
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(1, 2))))).all().get(60, TimeUnit.SECONDS);
        cluster.awaitAgreedLeaders(topic, 1, MOVE, l -> l.get(0).epoch() >= 1);

        assertInstanceOf(NoReassignmentInProgressException.class, cause(() -> admin.alterPartitionReassignments(
                Map.of(tp, Optional.empty())).all().get(30, TimeUnit.SECONDS)));
        assertInstanceOf(UnknownTopicOrPartitionException.class, cause(() -> admin.alterPartitionReassignments(
                Map.of(new TopicPartition("no-such-topic", 0), Optional.of(new NewPartitionReassignment(List.of(1, 2)))))
                .all().get(30, TimeUnit.SECONDS)));
        assertInstanceOf(InvalidReplicaAssignmentException.class, cause(() -> admin.alterPartitionReassignments(
                Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(2, 9))))).all().get(30, TimeUnit.SECONDS)));
        Throwable factor = cause(() -> admin.alterPartitionReassignments(Map.of(tp,
                Optional.of(new NewPartitionReassignment(List.of(1, 2, 3)))),
                new AlterPartitionReassignmentsOptions().allowReplicationFactorChange(false)).all()
                .get(30, TimeUnit.SECONDS));
        assertInstanceOf(InvalidReplicationFactorException.class, factor);
        assertEquals("The replication factor is changed from 2 to 3", factor.getMessage());

        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(2, 3)))))
                .all().get(30, TimeUnit.SECONDS);
        admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get(30, TimeUnit.SECONDS);
        awaitMoved(topic, List.of(1, 2));
        try (KafkaProducer<byte[], Integer> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, 0, null, 7)).get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(7), readAll(topic));
    }

    /**
     * Until no reassignment of partition 0 is listed and every node's Metadata gives it the {@code replicas}. Only this
     * partition's listing: a move an earlier test left hanging must fail that test alone.
     */
    private static void awaitMoved(String topic, List<Integer> replicas) {
        try {
            awaitMovedOrFail(topic, replicas);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; what the brokers logged of moves and copies:\n" + moveLog(), e);
        }
    }

    /** The last lines each broker logged about moves, copies, catch-ups and failures, for a move that hung. */
    private static String moveLog() {
        StringBuilder out = new StringBuilder();
        for (int node = 1; node <= 3; node++) {
            try {
                List<String> lines = Files.readAllLines(cluster.node(node).log()).stream()
                        .filter(l -> l.contains("Reassigning") || l.contains("Copied") || l.contains("atch")
                                || l.contains("group") || l.contains("WARN") || l.contains("ERROR"))
                        .toList();
                out.append("--- node ").append(node).append('\n');
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("--- node ").append(node).append(": ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    private static void awaitMovedOrFail(String topic, List<Integer> replicas) {
        Await.until(MOVE, topic + "-0 to reach " + replicas, () -> {
            TopicPartition tp = new TopicPartition(topic, 0);
            if (!admin.listPartitionReassignments(Set.of(tp)).reassignments().get(10, TimeUnit.SECONDS).isEmpty()) {
                return false;
            }
            for (int node = 1; node <= 3; node++) {
                if (!replicas.equals(cluster.replicas(node, topic).get(0))) {
                    return false;
                }
            }
            return true;
        });
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static Throwable cause(Call call) {
        ExecutionException e = assertThrows(ExecutionException.class, call::run);
        return e.getCause();
    }

    /** A {@link NumberedProducer} on {@code topic}, started, once its first 2,000 records are acknowledged. */
    private static NumberedProducer producing(String topic) throws InterruptedException {
        NumberedProducer producer = new NumberedProducer(topic);
        producer.start();
        try {
            producer.awaitAcknowledged(2_000, MOVE);
        } catch (RuntimeException | Error e) {
            producer.close();
            throw e;
        }
        return producer;
    }

    /** Sends 0, 1, 2, ... to partition 0 (idempotent, acks=all) on its own thread and remembers what was acknowledged. */
    private static final class NumberedProducer extends Thread implements AutoCloseable {
        private final String topic;
        private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        NumberedProducer(String topic) {
            super("numbered-producer");
            setDaemon(true);
            this.topic = topic;
        }

        @Override
        public void run() {
            try (KafkaProducer<byte[], Integer> producer = producer()) {
                for (int n = 0; running.get(); n++) {
                    int value = n;
                    producer.send(new ProducerRecord<>(topic, 0, null, value), (metadata, error) -> {
                        if (error == null) {
                            acknowledged.add(value);
                        } else {
                            failure.compareAndSet(null, error);
                        }
                    });
                    if (n % 500 == 499) {
                        producer.flush();
                    }
                }
                producer.flush();
            }
        }

        Set<Integer> acknowledged() {
            return acknowledged;
        }

        void awaitAcknowledged(int count, Duration timeout) {
            Await.until(timeout, count + " acknowledged records", () -> {
                if (failure.get() != null) {
                    throw new AssertionError("a send failed", failure.get());
                }
                return acknowledged.size() >= count;
            });
        }

        void finish() throws InterruptedException {
            running.set(false);
            join(120_000);
            assertFalse(isAlive(), "the producer stopped");
            if (failure.get() != null) {
                throw new AssertionError("a send failed", failure.get());
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            join(120_000);
        }
    }

    private static KafkaProducer<byte[], Integer> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        p.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, "2000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new IntegerSerializer());
    }

    /** Every value of partition 0, in offset order, read from its leader up to the end. */
    private static List<Integer> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000");
        List<Integer> values = new ArrayList<>();
        try (KafkaConsumer<byte[], Integer> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new IntegerDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            Await.until(MOVE, "reading " + topic + "-0 to " + end, () -> {
                for (ConsumerRecord<byte[], Integer> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return consumer.position(tp) >= end;
            });
        }
        return values;
    }

    private static void assertEveryAcknowledgedRecordOnceIn(String topic, Set<Integer> acknowledged) {
        List<Integer> values = readAll(topic);
        Map<Integer, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        for (int value : acknowledged) {
            assertEquals(1, counts.getOrDefault(value, 0), "acknowledged value " + value + " once in " + topic);
        }
        counts.forEach((value, count) -> assertEquals(1, count, "value " + value + " once"));
    }
}
