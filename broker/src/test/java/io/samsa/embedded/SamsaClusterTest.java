package io.samsa.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 3-node embedded cluster serves kafka-clients with acks=all, survives the loss of a partition leader without
 * losing or duplicating a record, and on close leaves no directory or thread behind.
 */
class SamsaClusterTest {
    private static final String TOPIC = "orders";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void replicatesAcrossThreeNodesSurvivesALeaderStopAndCleansUp() throws Exception {
        Set<Thread> before = LiveThreads.snapshot();
        long t0 = System.nanoTime();
        SamsaCluster cluster = SamsaCluster.builder().nodes(3).start();
        System.out.printf("SamsaClusterTest: 3-node embedded start took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        Path dir = cluster.dataDir();
        try {
            assertEquals(3, cluster.bootstrapServers().split(",").length, cluster.bootstrapServers());
            try (Admin admin = Admin.create(cluster.adminProperties());
                 KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(cluster))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
                produce(producer, 0, 1000);
                assertEquals(expected(0, 1000), consumeExactlyOnce(cluster, "before-failover", 1000));

                TopicDescription described = admin.describeTopics(List.of(TOPIC)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(TOPIC);
                described.partitions().forEach(p -> assertEquals(3, p.replicas().size(), p.toString()));
                int leader = described.partitions().get(0).leader().id();
                cluster.node(leader).stop();
                assertFalse(cluster.node(leader).isRunning());

                produce(producer, 1000, 2000); // acks=all with min.insync.replicas=2: two of three suffice
                assertEquals(expected(0, 2000), consumeExactlyOnce(cluster, "after-failover", 2000));
            }
        } finally {
            cluster.close();
        }

        assertFalse(Files.exists(dir), "the cluster's directory is deleted");
        Set<String> leaked = LiveThreads.awaitGone(before, Duration.ofSeconds(15));
        assertTrue(leaked.isEmpty(), "threads left running: " + leaked);
    }

    private static Properties producerProperties(SamsaCluster cluster) {
        Properties props = cluster.producerProperties();
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("delivery.timeout.ms", "60000");
        return props;
    }

    private static void produce(KafkaProducer<String, String> producer, int from, int to) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sent.add(producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)));
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            f.get(60, TimeUnit.SECONDS); // throws if any record was not acknowledged by the in-sync replicas
        }
    }

    /** Reads {@code count} records in a new group and fails on a duplicate; returns the values read. */
    private static Set<String> consumeExactlyOnce(SamsaCluster cluster, String group, int count) {
        Map<String, Integer> seen = new HashMap<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cluster.consumerProperties(group))) {
            consumer.subscribe(List.of(TOPIC));
            while (seen.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.merge(r.value(), 1, Integer::sum);
                }
            }
            // One more poll: a duplicate appended after the last expected record would show here.
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                seen.merge(r.value(), 1, Integer::sum);
            }
        }
        Map<String, Integer> duplicates = seen.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertTrue(duplicates.isEmpty(), "read more than once: " + duplicates);
        return seen.keySet();
    }

    private static Set<String> expected(int from, int to) {
        Set<String> values = new java.util.HashSet<>();
        for (int i = from; i < to; i++) {
            values.add("v" + i);
        }
        return values;
    }
}
