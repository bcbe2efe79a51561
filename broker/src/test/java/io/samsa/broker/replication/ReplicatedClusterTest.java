package io.samsa.broker.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
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
 * Replicated partitions across three broker processes driven by kafka-clients: a 6-partition topic with replication
 * factor 3 takes 200,000 numbered records from an idempotent {@code acks=all} producer while the test SIGKILLs the
 * node leading partition 0 and later restarts it. Every acknowledged record must be there exactly once and in order,
 * a consumer must read on across the failover, every node's Metadata must agree on the new leaders, and once
 * leadership returns to the restarted node it must serve the same bytes.
 */
class ReplicatedClusterTest {

    private static final String TOPIC = "numbers";
    private static final int PARTITIONS = 6;
    private static final int RECORDS = 200_000;
    private static final Duration FAILOVER = Duration.ofSeconds(30);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    /** Kept when a test fails, with each node's broker log and data, to diagnose from. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = new TestCluster(dir);
        cluster.startAll();
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aLeaderKilledMidStreamLosesNoAcknowledgedRecordAndComesBackServingTheSameBytes() throws Exception {
        cluster.ensureAllRunning();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3))).all().get(60, TimeUnit.SECONDS);
        }
        // Each group leader publishes itself with its Raft term (>= 1) as leader epoch; the preferred ones settle.
        Map<Integer, TestCluster.Leader> initial = cluster.awaitAgreedLeaders(TOPIC, PARTITIONS, CATCH_UP,
                leaders -> leaders.values().stream().allMatch(l -> l.epoch() >= 1 && l.isPreferred()));
        int victim = initial.get(0).leader();
        Set<Integer> victimPartitions = new HashSet<>();
        initial.forEach((p, l) -> {
            if (l.leader() == victim) {
                victimPartitions.add(p);
            }
        });

        ConsumerThread reader = new ConsumerThread(cluster.bootstrap(), "reader-during-failover");
        reader.start();
        long killedAt;
        long newLeadersAt;
        try (KafkaProducer<byte[], Integer> producer = producer()) {
            Sends sends = new Sends(producer);
            sends.send(0, RECORDS / 3);
            producer.flush();
            assertTrue(reader.awaitCount(1, CATCH_UP), "the consumer reads before the failover");

            killedAt = System.nanoTime();
            cluster.node(victim).kill();
            // Sent while the group has no leader: the producer retries them at the new one.
            sends.send(RECORDS / 3, 2 * RECORDS / 3);
            Map<Integer, TestCluster.Leader> afterKill = cluster.awaitAgreedLeaders(TOPIC, PARTITIONS, FAILOVER,
                    leaders -> victimPartitions.stream().allMatch(p -> leaders.get(p).leader() != victim
                            && leaders.get(p).epoch() > initial.get(p).epoch()));
            newLeadersAt = System.nanoTime();
            producer.flush();
            int readDuringOutage = reader.count();

            cluster.node(victim).start();
            sends.send(2 * RECORDS / 3, RECORDS);
            producer.flush();
            sends.assertAllAcknowledged();
            assertTrue(reader.awaitCount(RECORDS, CATCH_UP), "the consumer read every record; it has " + reader.count());
            assertTrue(reader.count() > readDuringOutage, "the consumer read on across the failover");
            System.out.printf("replicated cluster: node %d killed; every node's Metadata named new leaders for "
                            + "partitions %s after %d ms (epochs %s -> %s)%n", victim, victimPartitions,
                    (newLeadersAt - killedAt) / 1_000_000, initial, afterKill);
        } finally {
            reader.close();
        }
        assertExactlyOnceInOrder(reader.records());

        // Ratis hands each group's leadership to its preferred (higher-priority) member once it has caught up.
        cluster.node(victim).awaitStarted(TestCluster.START);
        long restartedAt = System.nanoTime();
        Map<Integer, TestCluster.Leader> returned = cluster.awaitAgreedLeaders(TOPIC, PARTITIONS, CATCH_UP,
                leaders -> leaders.values().stream().allMatch(TestCluster.Leader::isPreferred));
        assertTrue(returned.values().stream().anyMatch(l -> l.leader() == victim), "the restarted node leads again");
        System.out.printf("replicated cluster: leadership back at node %d %d ms after it started: %s%n", victim,
                (System.nanoTime() - restartedAt) / 1_000_000, returned);

        ConsumerThread again = new ConsumerThread(cluster.bootstrap(), "reader-after-return");
        again.start();
        try {
            assertTrue(again.awaitCount(RECORDS, CATCH_UP), "a new consumer read everything; it has " + again.count());
        } finally {
            again.close();
        }
        assertEquals(reader.records().size(), again.records().size());
        List<Received> first = sorted(reader.records());
        List<Received> second = sorted(again.records());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i), second.get(i), "record " + i + " as served before and after the return");
        }
        assertSameSegmentBytesOnEveryNode();
    }

    @Test
    void aConsumerGroupKeepsConsumingAcrossACoordinatorFailoverWithNoCommittedOffsetLost() throws Exception {
        cluster.ensureAllRunning();
        String topic = "group-input";
        String group = "failover-group";
        int partitions = 3;
        int records = 30_000;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get(60, TimeUnit.SECONDS);
            cluster.awaitAgreedLeaders(topic, partitions, FAILOVER, leaders -> leaders.values().stream()
                    .allMatch(l -> l.epoch() >= 1));
            try (KafkaProducer<byte[], Integer> producer = producer()) {
                for (int n = 0; n < records; n++) {
                    producer.send(new ProducerRecord<>(topic, n % partitions, null, n));
                }
                producer.flush();
            }

            Map<TopicPartition, Long> committed = new java.util.HashMap<>();
            Set<Integer> seen = new HashSet<>();
            try (KafkaConsumer<byte[], Integer> consumer = groupConsumer(group)) {
                consumer.subscribe(List.of(topic));
                consumeAndCommit(consumer, committed, seen, records / 2);
                int coordinator = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS)
                        .get(group).coordinator().id();
                Map<TopicPartition, Long> beforeKill = Map.copyOf(committed);

                long killedAt = System.nanoTime();
                cluster.node(coordinator).kill();
                consumeAndCommit(consumer, committed, seen, records);
                System.out.printf("replicated cluster: group coordinator %d killed; the group consumed and committed "
                        + "on %d ms later%n", coordinator, (System.nanoTime() - killedAt) / 1_000_000);
                Map<TopicPartition, Long> stored = committedOffsets(admin, group);
                beforeKill.forEach((tp, offset) -> assertTrue(stored.getOrDefault(tp, -1L) >= offset,
                        "offset committed before the failover kept for " + tp));
                assertEquals(committed, stored, "the new coordinator has every committed offset");
            }
            assertEquals(records, seen.size(), "every record consumed at least once");

            cluster.ensureAllRunning();
            Map<TopicPartition, Long> afterRestart = committedOffsets(admin, group);
            assertEquals(committed, afterRestart, "committed offsets survive the coordinator's return");
            for (int p = 0; p < partitions; p++) {
                assertEquals(records / partitions, afterRestart.get(new TopicPartition(topic, p)));
            }
        }
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin, String group) {
        Map<TopicPartition, Long>[] result = new Map[1];
        Await.until(FAILOVER, "the committed offsets of " + group, () -> {
            Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS)
                    .forEach((tp, om) -> offsets.put(tp, om.offset()));
            result[0] = offsets;
            return true;
        });
        return result[0];
    }

    /** Polls and commits synchronously after each poll until {@code seen} holds {@code target} distinct values. */
    private static void consumeAndCommit(KafkaConsumer<byte[], Integer> consumer, Map<TopicPartition, Long> committed,
                                         Set<Integer> seen, int target) {
        Await.until(CATCH_UP, target + " records consumed by the group", () -> {
            var polled = consumer.poll(Duration.ofMillis(200));
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> commit = new java.util.HashMap<>();
            for (ConsumerRecord<byte[], Integer> r : polled) {
                seen.add(r.value());
                commit.put(new TopicPartition(r.topic(), r.partition()),
                        new org.apache.kafka.clients.consumer.OffsetAndMetadata(r.offset() + 1));
            }
            if (!commit.isEmpty()) {
                consumer.commitSync(commit, Duration.ofSeconds(30));
                commit.forEach((tp, om) -> committed.put(tp, om.offset()));
            }
            return seen.size() >= target;
        });
    }

    private static KafkaConsumer<byte[], Integer> groupConsumer(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new IntegerDeserializer());
    }

    /** The producer's sends, numbered: record {@code n} goes to partition {@code n % 6} with value {@code n}. */
    private static final class Sends {
        private final KafkaProducer<byte[], Integer> producer;
        private final List<Future<RecordMetadata>> futures = new ArrayList<>();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final AtomicLong acknowledged = new AtomicLong();

        Sends(KafkaProducer<byte[], Integer> producer) {
            this.producer = producer;
        }

        void send(int from, int to) {
            for (int n = from; n < to; n++) {
                futures.add(producer.send(new ProducerRecord<>(TOPIC, n % PARTITIONS, null, n), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                }));
            }
        }

        void assertAllAcknowledged() {
            if (failure.get() != null) {
                throw new AssertionError("a send failed", failure.get());
            }
            assertEquals(RECORDS, acknowledged.get());
            assertEquals(RECORDS, futures.size());
        }
    }

    private static KafkaProducer<byte[], Integer> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L << 20));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        p.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new IntegerSerializer());
    }

    /** A record as a consumer received it. */
    record Received(int partition, long offset, int leaderEpoch, long timestamp, int value) {
    }

    /** Reads all partitions from the beginning, assigned (no group), on its own thread. */
    private static final class ConsumerThread extends Thread implements AutoCloseable {
        private final KafkaConsumer<byte[], Integer> consumer;
        private final ConcurrentLinkedQueue<Received> records = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        ConsumerThread(String bootstrap, String name) {
            super(name);
            setDaemon(true);
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
            p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new IntegerDeserializer());
            List<TopicPartition> all = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                all.add(new TopicPartition(TOPIC, i));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
        }

        @Override
        public void run() {
            try {
                while (running.get()) {
                    for (ConsumerRecord<byte[], Integer> r : consumer.poll(Duration.ofMillis(200))) {
                        records.add(new Received(r.partition(), r.offset(), r.leaderEpoch().orElse(-1),
                                r.timestamp(), r.value()));
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        int count() {
            return records.size();
        }

        boolean awaitCount(int count, Duration timeout) {
            try {
                Await.until(timeout, count + " records read", () -> {
                    if (failure.get() != null) {
                        throw new AssertionError("the consumer failed", failure.get());
                    }
                    return records.size() >= count;
                });
                return true;
            } catch (AssertionError e) {
                if (failure.get() != null) {
                    throw e;
                }
                return false;
            }
        }

        List<Received> records() {
            return List.copyOf(records);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            join(30_000);
        }
    }

    /** Per partition: values p, p+6, p+12, ... at offsets 0, 1, 2, ...: nothing lost, nothing twice, in order. */
    private static void assertExactlyOnceInOrder(List<Received> records) {
        long[] nextOffset = new long[PARTITIONS];
        int[] nextValue = new int[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            nextValue[p] = p;
        }
        for (Received r : records) {
            assertEquals(nextOffset[r.partition()], r.offset(), "offset in partition " + r.partition());
            assertEquals(nextValue[r.partition()], r.value(), "value at offset " + r.offset() + " of partition "
                    + r.partition());
            nextOffset[r.partition()]++;
            nextValue[r.partition()] += PARTITIONS;
        }
        assertEquals(RECORDS, records.size());
    }

    private static List<Received> sorted(List<Received> records) {
        List<Received> copy = new ArrayList<>(records);
        copy.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return copy;
    }

    /** Every node's segments of every partition hold the same bytes (once the followers have caught up). */
    private static void assertSameSegmentBytesOnEveryNode() {
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            Await.until(CATCH_UP, "identical segments of " + TOPIC + "-" + p + " on all nodes", () -> {
                byte[] first = cluster.segmentBytes(1, TOPIC, partition);
                return first.length > 0 && java.util.Arrays.equals(first, cluster.segmentBytes(2, TOPIC, partition))
                        && java.util.Arrays.equals(first, cluster.segmentBytes(3, TOPIC, partition));
            });
            assertNotEquals(0, cluster.segmentBytes(1, TOPIC, p).length);
            assertArrayEquals(cluster.segmentBytes(1, TOPIC, p), cluster.segmentBytes(3, TOPIC, p));
        }
    }
}
