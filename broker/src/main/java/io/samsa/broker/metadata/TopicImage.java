package io.samsa.broker.metadata;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A topic in a {@link MetadataImage}: name, Kafka topic id and partitions (index = partition id). */
public record TopicImage(String name, UUID topicId, List<PartitionImage> partitions) {

    public TopicImage {
        partitions = List.copyOf(partitions);
    }

    public Optional<PartitionImage> partition(int partition) {
        return partition >= 0 && partition < partitions.size() ? Optional.of(partitions.get(partition))
                : Optional.empty();
    }

    public int numPartitions() {
        return partitions.size();
    }

    /** The replica count of partition 0, which Kafka reports as the topic's replication factor. */
    public int replicationFactor() {
        return partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    }
}
