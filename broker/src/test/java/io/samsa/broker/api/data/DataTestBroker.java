package io.samsa.broker.api.data;

import io.samsa.broker.Broker;
import io.samsa.broker.metadata.CreateTopicResult;
import io.samsa.broker.metadata.NewTopic;
import io.samsa.broker.testing.TestBrokers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A single-node broker for the data-path tests, with helpers to create topics and configure clients. */
final class DataTestBroker implements AutoCloseable {
    final Path dir;
    Broker broker;

    private DataTestBroker(Path dir, Map<String, String> overrides) {
        this.dir = dir;
        start(overrides);
    }

    static DataTestBroker start(Path dir) {
        return new DataTestBroker(dir, Map.of());
    }

    static DataTestBroker start(Path dir, Map<String, String> overrides) {
        return new DataTestBroker(dir, overrides);
    }

    void start(Map<String, String> overrides) {
        Map<String, String> props = TestBrokers.singleNodeProps(dir);
        props.putAll(overrides);
        broker = TestBrokers.start(props);
    }

    /** Stops the broker and starts a new one on the same directories. */
    void restart() {
        broker.stop();
        start(Map.of());
    }

    String bootstrap() {
        return TestBrokers.bootstrap(broker);
    }

    int port() {
        return TestBrokers.port(broker);
    }

    UUID createTopic(String name, int partitions) {
        return createTopic(name, partitions, Map.of());
    }

    UUID createTopic(String name, int partitions, Map<String, String> configs) {
        CreateTopicResult result = broker.services().metadata()
                .createTopics(List.of(NewTopic.of(name, partitions, 1).withConfigs(configs)), false)
                .orTimeout(10, TimeUnit.SECONDS).join().get(name);
        if (!result.isOk()) {
            throw new IllegalStateException("could not create " + name + ": " + result);
        }
        return result.topicId();
    }

    Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put("enable.metrics.push", "false");
        return props;
    }

    Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put("enable.metrics.push", "false");
        return props;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.stop();
        }
    }
}
