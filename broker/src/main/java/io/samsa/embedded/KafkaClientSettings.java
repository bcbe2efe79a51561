package io.samsa.embedded;

import java.util.Properties;

/**
 * Ready-made kafka-clients settings for String keys and values, for anything that serves Kafka clients on
 * {@link #bootstrapServers()}: an embedded broker or an embedded cluster.
 */
public interface KafkaClientSettings {

    /** The {@code bootstrap.servers} value clients connect with. */
    String bootstrapServers();

    /** Properties for a kafka-clients producer of String keys and values. */
    default Properties producerProperties() {
        Properties props = adminProperties();
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        return props;
    }

    /** Properties for a kafka-clients consumer of String keys and values in {@code groupId}, from the earliest. */
    default Properties consumerProperties(String groupId) {
        Properties props = adminProperties();
        props.put("group.id", groupId);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        return props;
    }

    /** Properties for a kafka-clients Admin. */
    default Properties adminProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        return props;
    }
}
