package io.samsa.broker.api.group;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** What the client-level group tests share: topics, numbered records, and waiting for a balanced group. */
final class GroupClients {
    static final Duration SETTLE = Duration.ofSeconds(30);

    private GroupClients() {
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** Produces values {@code <topic>-<i>} for i in [from, to), keyed so they spread over the partitions. */
    static void produce(String bootstrap, String topic, int from, int to, List<String> produced) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("linger.ms", "0");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, topic + "-" + i));
                produced.add(topic + "-" + i);
            }
            producer.flush();
        }
    }

    /** Waits until {@code consumers} own disjoint, evenly sized assignments covering all partitions. */
    static void awaitSplit(List<ConsumerRunner> consumers, int partitions, String what) {
        Eventually.until(SETTLE, () -> what + "; assignments " + consumers.stream()
                .map(ConsumerRunner::assignment).toList(), () -> {
            Set<TopicPartition> union = new HashSet<>();
            int total = 0;
            for (ConsumerRunner c : consumers) {
                Set<TopicPartition> owned = c.assignment();
                if (owned.size() != partitions / consumers.size()) {
                    return false;
                }
                union.addAll(owned);
                total += owned.size();
            }
            return union.size() == partitions && total == partitions;
        });
    }

    static String strategyClass(String assignor) {
        return switch (assignor) {
            case "range" -> "org.apache.kafka.clients.consumer.RangeAssignor";
            case "roundrobin" -> "org.apache.kafka.clients.consumer.RoundRobinAssignor";
            case "cooperative-sticky" -> "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";
            default -> throw new IllegalArgumentException(assignor);
        };
    }
}
