package io.samsa.broker.api.data;

import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.partition.Partition;
import io.samsa.broker.partition.PartitionManager;
import io.samsa.protocol.ErrorCode;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the partition a request names, with Kafka's errors when it cannot be served here: a topic or
 * partition the metadata does not know is {@code UNKNOWN_TOPIC_OR_PARTITION} (an unknown topic id,
 * KIP-516, {@code UNKNOWN_TOPIC_ID}); one the metadata knows but this broker does not host is
 * {@code NOT_LEADER_OR_FOLLOWER}, so the client refreshes its metadata. Stateless.
 */
final class PartitionLookup {

    /** The partition, or why there is none ({@code partition} is null unless {@code error} is NONE). */
    record Found(Partition partition, String topicName, ErrorCode error) {
        static Found failed(String topicName, ErrorCode error) {
            return new Found(null, topicName, error);
        }
    }

    private PartitionLookup() {
    }

    static Found byName(MetadataImage image, PartitionManager partitions, String topic, int partition) {
        Optional<TopicImage> known = image.topic(topic);
        return known.isEmpty() ? Found.failed(topic, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)
                : hosted(partitions, known.get(), partition);
    }

    static Found byId(MetadataImage image, PartitionManager partitions, UUID topicId, int partition) {
        Optional<TopicImage> known = image.topic(topicId);
        return known.isEmpty() ? Found.failed(null, ErrorCode.UNKNOWN_TOPIC_ID)
                : hosted(partitions, known.get(), partition);
    }

    private static Found hosted(PartitionManager partitions, TopicImage topic, int partition) {
        if (topic.partition(partition).isEmpty()) {
            return Found.failed(topic.name(), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        Optional<Partition> local = partitions.partition(new TopicPartition(topic.name(), partition))
                .filter(p -> p.topicId().equals(topic.topicId()));
        return local.map(p -> new Found(p, topic.name(), ErrorCode.NONE))
                .orElseGet(() -> Found.failed(topic.name(), ErrorCode.NOT_LEADER_OR_FOLLOWER));
    }
}
