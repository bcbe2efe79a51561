package io.samsa.broker.metadata;

import io.samsa.broker.metadata.MetadataRecord.AllocateProducerIdsRecord;
import io.samsa.broker.metadata.MetadataRecord.ClusterIdRecord;
import io.samsa.broker.metadata.MetadataRecord.ConfigRecord;
import io.samsa.broker.metadata.MetadataRecord.CreatePartitionsRecord;
import io.samsa.broker.metadata.MetadataRecord.PartitionChangeRecord;
import io.samsa.broker.metadata.MetadataRecord.RegisterBrokerRecord;
import io.samsa.broker.metadata.MetadataRecord.RemoveTopicRecord;
import io.samsa.broker.metadata.MetadataRecord.TopicRecord;
import io.samsa.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies one committed record to an image: the second, authoritative validation. It depends only on the image and
 * the record (never on local config or the clock), so every replica decides the same; a record that no longer fits
 * the image (two creates of one topic, a stale leader epoch) is rejected with a Kafka error and changes nothing but
 * the image offset. Pure functions; no state.
 */
final class RecordApplier {

    /** The next image and what the submitter is told. */
    record Applied(MetadataImage image, ApplyOutcome outcome) {
    }

    private RecordApplier() {
    }

    static Applied apply(MetadataImage image, MetadataRecord record, long offset) {
        MetadataImage.Builder next = image.toBuilder();
        ApplyOutcome outcome;
        if (record instanceof ClusterIdRecord r) {
            outcome = clusterId(image, next, r);
        } else if (record instanceof RegisterBrokerRecord r) {
            outcome = registerBroker(image, next, r, offset);
        } else if (record instanceof TopicRecord r) {
            outcome = createTopic(image, next, r);
        } else if (record instanceof RemoveTopicRecord r) {
            outcome = removeTopic(image, next, r);
        } else if (record instanceof CreatePartitionsRecord r) {
            outcome = createPartitions(image, next, r);
        } else if (record instanceof PartitionChangeRecord r) {
            outcome = changePartition(image, next, r);
        } else if (record instanceof ConfigRecord r) {
            outcome = changeConfigs(image, next, r);
        } else if (record instanceof AllocateProducerIdsRecord r) {
            outcome = allocateProducerIds(image, next, r);
        } else if (record instanceof MetadataRecord.ReassignPartitionRecord r) {
            outcome = ReassignmentApplier.reassign(image, next, r);
        } else if (record instanceof MetadataRecord.PartitionGroupRecord r) {
            outcome = ReassignmentApplier.assignGroup(image, next, r);
        } else if (record instanceof MetadataRecord.CompleteReassignmentRecord r) {
            outcome = ReassignmentApplier.complete(image, next, r);
        } else {
            outcome = ApplyOutcome.error(ErrorCode.INVALID_REQUEST, "unknown record " + record);
        }
        return new Applied(next.build(offset), outcome);
    }

    private static ApplyOutcome clusterId(MetadataImage image, MetadataImage.Builder next, ClusterIdRecord r) {
        if (image.clusterId() == null) {
            next.clusterId(r.clusterId());
            return ApplyOutcome.OK;
        }
        return image.clusterId().equals(r.clusterId()) ? ApplyOutcome.OK
                : ApplyOutcome.error(ErrorCode.INVALID_REQUEST, "The cluster id is already " + image.clusterId());
    }

    private static ApplyOutcome registerBroker(MetadataImage image, MetadataImage.Builder next,
                                               RegisterBrokerRecord r, long offset) {
        if (r.brokerId() < 0) {
            return ApplyOutcome.error(ErrorCode.INVALID_REQUEST, "Invalid broker id " + r.brokerId());
        }
        Optional<BrokerRegistration> existing = image.broker(r.brokerId());
        long epoch = existing.filter(b -> b.incarnationId().equals(r.incarnationId()))
                .map(BrokerRegistration::brokerEpoch).orElse(offset);
        next.putBroker(new BrokerRegistration(r.brokerId(), r.incarnationId(), epoch, r.endpoints(), r.rack()));
        return ApplyOutcome.ok(epoch);
    }

    private static ApplyOutcome createTopic(MetadataImage image, MetadataImage.Builder next, TopicRecord r) {
        Optional<String> invalid = TopicNames.invalidReason(r.name());
        if (invalid.isPresent()) {
            return ApplyOutcome.error(ErrorCode.INVALID_TOPIC_EXCEPTION, invalid.get());
        }
        Optional<TopicImage> existing = image.topic(r.name());
        if (existing.isPresent()) {
            // The same topic id means this is a retry of a create that already committed.
            return existing.get().topicId().equals(r.topicId()) ? ApplyOutcome.OK
                    : ApplyOutcome.error(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic '" + r.name() + "' already exists.");
        }
        if (image.topic(r.topicId()).isPresent()) {
            return ApplyOutcome.error(ErrorCode.INVALID_REQUEST, "Topic id " + r.topicId() + " is already in use");
        }
        Optional<String> collision = collision(image, r.name());
        if (collision.isPresent()) {
            return ApplyOutcome.error(ErrorCode.INVALID_TOPIC_EXCEPTION, collision.get());
        }
        if (r.partitions().isEmpty()) {
            return ApplyOutcome.error(ErrorCode.INVALID_PARTITIONS,
                    "Number of partitions was set to an invalid non-positive value.");
        }
        if (!numberedFrom(r.partitions(), 0)) {
            return ApplyOutcome.error(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                    "partitions should be a consecutive 0-based integer sequence");
        }
        next.putTopic(new TopicImage(r.name(), r.topicId(), r.partitions()));
        next.putConfigs(ConfigResource.topic(r.name()), r.configs());
        return ApplyOutcome.OK;
    }

    /** Kafka's message when {@code name} collides with an existing topic, if it does. */
    static Optional<String> collision(MetadataImage image, String name) {
        if (!TopicNames.hasCollisionChars(name)) {
            return Optional.empty();
        }
        for (TopicImage t : image.topics()) {
            if (TopicNames.collide(name, t.name())) {
                return Optional.of("Topic '" + name + "' collides with existing topic: " + t.name());
            }
        }
        return Optional.empty();
    }

    private static ApplyOutcome removeTopic(MetadataImage image, MetadataImage.Builder next, RemoveTopicRecord r) {
        Optional<TopicImage> topic = image.topic(r.topicId());
        if (topic.isEmpty()) {
            return ApplyOutcome.error(ErrorCode.UNKNOWN_TOPIC_ID, "Topic id " + r.topicId() + " does not exist.");
        }
        next.removeTopic(topic.get());
        return ApplyOutcome.OK;
    }

    private static ApplyOutcome createPartitions(MetadataImage image, MetadataImage.Builder next,
                                                 CreatePartitionsRecord r) {
        Optional<TopicImage> topic = image.topic(r.topicId());
        if (topic.isEmpty()) {
            return ApplyOutcome.error(ErrorCode.UNKNOWN_TOPIC_ID, "Topic id " + r.topicId() + " does not exist.");
        }
        int current = topic.get().numPartitions();
        if (!r.partitions().isEmpty() && topic.get().partitions().containsAll(r.partitions())) {
            // A retry of a request that already committed: the partitions are there, exactly as asked.
            return ApplyOutcome.OK;
        }
        if (r.partitions().isEmpty() || !numberedFrom(r.partitions(), current)) {
            return ApplyOutcome.error(ErrorCode.INVALID_PARTITIONS, "Topic currently has " + current
                    + " partitions, which does not match the partitions being added.");
        }
        List<PartitionImage> partitions = new ArrayList<>(topic.get().partitions());
        partitions.addAll(r.partitions());
        next.putTopic(new TopicImage(topic.get().name(), topic.get().topicId(), partitions));
        return ApplyOutcome.OK;
    }

    private static ApplyOutcome changePartition(MetadataImage image, MetadataImage.Builder next,
                                                PartitionChangeRecord r) {
        Optional<TopicImage> topic = image.topic(r.topicId());
        if (topic.isEmpty()) {
            return ApplyOutcome.error(ErrorCode.UNKNOWN_TOPIC_ID, "Topic id " + r.topicId() + " does not exist.");
        }
        Optional<PartitionImage> partition = topic.get().partition(r.partition());
        if (partition.isEmpty()) {
            return ApplyOutcome.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Partition " + r.partition()
                    + " of topic " + topic.get().name() + " does not exist.");
        }
        PartitionImage current = partition.get();
        if (r.leaderEpoch() < current.leaderEpoch()
                || (r.leaderEpoch() == current.leaderEpoch() && r.leader() != current.leader())) {
            return ApplyOutcome.error(ErrorCode.FENCED_LEADER_EPOCH, "Leader epoch " + r.leaderEpoch()
                    + " is older than the current " + current.leaderEpoch());
        }
        PartitionImage changed = current.withLeader(r.leader(), r.leaderEpoch(),
                r.replicas() != null ? r.replicas() : current.replicas(),
                r.isr() != null ? r.isr() : current.isr());
        List<PartitionImage> partitions = new ArrayList<>(topic.get().partitions());
        partitions.set(r.partition(), changed);
        next.putTopic(new TopicImage(topic.get().name(), topic.get().topicId(), partitions));
        return ApplyOutcome.OK;
    }

    private static ApplyOutcome changeConfigs(MetadataImage image, MetadataImage.Builder next, ConfigRecord r) {
        if (r.resource().type() == ConfigResource.Type.TOPIC && image.topic(r.resource().name()).isEmpty()) {
            return ApplyOutcome.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Topic " + r.resource().name()
                    + " does not exist.");
        }
        Map<String, String> configs = r.replace() ? new HashMap<>() : new HashMap<>(image.configs(r.resource()));
        for (ConfigChange change : r.changes()) {
            if (change.isDelete()) {
                configs.remove(change.key());
            } else {
                configs.put(change.key(), change.value());
            }
        }
        next.putConfigs(r.resource(), configs);
        return ApplyOutcome.OK;
    }

    private static ApplyOutcome allocateProducerIds(MetadataImage image, MetadataImage.Builder next,
                                                    AllocateProducerIdsRecord r) {
        long first = image.nextProducerIdBlock();
        if (r.blockSize() <= 0 || first > Long.MAX_VALUE - r.blockSize()) {
            return ApplyOutcome.error(ErrorCode.UNKNOWN_SERVER_ERROR, "Cannot allocate " + r.blockSize()
                    + " producer ids after " + first);
        }
        next.nextProducerId(first + r.blockSize());
        return ApplyOutcome.ok(first);
    }

    private static boolean numberedFrom(List<PartitionImage> partitions, int first) {
        for (int i = 0; i < partitions.size(); i++) {
            if (partitions.get(i).partition() != first + i) {
                return false;
            }
        }
        return true;
    }
}
