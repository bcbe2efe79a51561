package io.samsa.junit;

import io.samsa.embedded.SamsaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One broker for the whole class, topics declared in the annotation, everything injected. */
@EmbeddedSamsa(topics = {"orders:3", "audit"}, properties = "num.partitions=2")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedSamsaClassLifecycleTest {
    private static SamsaBroker first;

    @Test
    @Order(1)
    void declaredTopicsExistWithTheirPartitionCounts(@ClientProperties(ClientProperties.Kind.ADMIN) Properties admin,
                                                     SamsaBroker broker) throws Exception {
        first = broker;
        try (Admin client = Admin.create(admin)) {
            assertTrue(client.listTopics().names().get().containsAll(Set.of("orders", "audit")));
            var topics = client.describeTopics(List.of("orders", "audit")).allTopicNames().get();
            assertEquals(3, topics.get("orders").partitions().size());
            assertEquals(2, topics.get("audit").partitions().size(), "num.partitions=2 from the annotation");
        }
    }

    @Test
    @Order(2)
    void producerAndConsumerPropertiesWork(@ClientProperties(ClientProperties.Kind.PRODUCER) Properties producerProps,
                                           @ClientProperties(value = ClientProperties.Kind.CONSUMER, groupId = "g1")
                                           Properties consumerProps,
                                           @BootstrapServers String bootstrap, SamsaBroker broker) {
        assertSame(first, broker, "per-class lifecycle: the same broker for every test");
        assertEquals(broker.bootstrapServers(), bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("audit", "k" + i, "v" + i));
            }
            producer.flush();
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("audit"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        assertEquals(10, values.size(), "every record consumed through the group");
    }
}
