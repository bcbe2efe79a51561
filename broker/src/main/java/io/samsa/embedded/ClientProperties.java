package io.samsa.embedded;

import java.util.Properties;

/** Ready-made kafka-clients settings for String keys and values, shared by the broker and the cluster. */
final class ClientProperties {
    private ClientProperties() {
    }

    static Properties producer(String bootstrapServers) {
        Properties props = admin(bootstrapServers);
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        return props;
    }

    static Properties consumer(String bootstrapServers, String groupId) {
        Properties props = admin(bootstrapServers);
        props.put("group.id", groupId);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        return props;
    }

    static Properties admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }
}
