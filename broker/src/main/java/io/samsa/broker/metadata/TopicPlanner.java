package io.samsa.broker.metadata;

import io.samsa.broker.metadata.MetadataRecord.CreatePartitionsRecord;
import io.samsa.broker.metadata.MetadataRecord.TopicRecord;
import io.samsa.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Controller-side validation and placement, before a record is submitted: turns a CreateTopics or CreatePartitions
 * item into a record, or into the Kafka error (and message) it deserves, judged against the local image. The apply
 * step checks again against the committed image ({@link RecordApplier}), so a stale local image can only cause a
 * later rejection, never a wrong change. Stateless.
 */
final class TopicPlanner {

    /** A record to submit, or why there is none. */
    record Plan<R extends MetadataRecord>(R record, ErrorCode error, String message) {
        static <R extends MetadataRecord> Plan<R> of(R record) {
            return new Plan<>(record, ErrorCode.NONE, null);
        }

        static <R extends MetadataRecord> Plan<R> reject(ErrorCode error, String message) {
            return new Plan<>(null, error, message);
        }

        boolean isOk() {
            return record != null;
        }
    }

    private TopicPlanner() {
    }

    static Plan<TopicRecord> planCreate(MetadataImage image, NewTopic topic, MetadataSettings settings) {
        Optional<String> invalid = TopicNames.invalidReason(topic.name());
        if (invalid.isPresent()) {
            return Plan.reject(ErrorCode.INVALID_TOPIC_EXCEPTION, invalid.get());
        }
        if (image.topic(topic.name()).isPresent()) {
            return Plan.reject(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic '" + topic.name() + "' already exists.");
        }
        Optional<String> collision = RecordApplier.collision(image, topic.name());
        if (collision.isPresent()) {
            return Plan.reject(ErrorCode.INVALID_TOPIC_EXCEPTION, collision.get());
        }
        Plan<TopicRecord> planned = topic.assignments().isEmpty() ? placeAutomatically(image, topic, settings)
                : placeManually(image, topic);
        if (!planned.isOk()) {
            return planned;
        }
        Optional<String> badConfig = settings.configValidator().validate(ConfigResource.topic(topic.name()),
                topic.configs());
        return badConfig.isPresent() ? Plan.reject(ErrorCode.INVALID_CONFIG, badConfig.get()) : planned;
    }

    private static Plan<TopicRecord> placeAutomatically(MetadataImage image, NewTopic topic, MetadataSettings settings) {
        int partitions = topic.numPartitions() == -1 ? settings.defaultNumPartitions() : topic.numPartitions();
        int rf = topic.replicationFactor() == -1 ? settings.defaultReplicationFactor() : topic.replicationFactor();
        if (partitions <= 0) {
            return Plan.reject(ErrorCode.INVALID_PARTITIONS,
                    "Number of partitions was set to an invalid non-positive value.");
        }
        if (rf <= 0) {
            return Plan.reject(ErrorCode.INVALID_REPLICATION_FACTOR,
                    "Replication factor must be larger than 0, or -1 to use the default value.");
        }
        List<Integer> brokers = sortedBrokers(image);
        if (rf > brokers.size()) {
            return Plan.reject(ErrorCode.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition " + rf
                    + " time(s): The target replication factor of " + rf + " cannot be reached because only "
                    + brokers.size() + " broker(s) are registered.");
        }
        List<List<Integer>> replicas = ReplicaPlacement.assign(brokers, 0, partitions, rf,
                ThreadLocalRandom.current());
        return Plan.of(new TopicRecord(topic.name(), newTopicId(image), initial(replicas, 0), topic.configs()));
    }

    private static Plan<TopicRecord> placeManually(MetadataImage image, NewTopic topic) {
        if (topic.numPartitions() != -1 || topic.replicationFactor() != -1) {
            return Plan.reject(ErrorCode.INVALID_REQUEST, "Both numPartitions or replicationFactor and "
                    + "replicasAssignments were set. Both cannot be used at the same time.");
        }
        List<List<Integer>> replicas = new ArrayList<>();
        for (int p = 0; p < topic.assignments().size(); p++) {
            List<Integer> assigned = topic.assignments().get(p);
            if (assigned == null) {
                return Plan.reject(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                        "partitions should be a consecutive 0-based integer sequence");
            }
            replicas.add(assigned);
        }
        Optional<String> invalid = checkAssignment(image, replicas, replicas.get(0).size());
        return invalid.isPresent() ? Plan.reject(ErrorCode.INVALID_REPLICA_ASSIGNMENT, invalid.get())
                : Plan.of(new TopicRecord(topic.name(), newTopicId(image), initial(replicas, 0), topic.configs()));
    }

    static Plan<CreatePartitionsRecord> planPartitions(MetadataImage image, NewPartitions request) {
        Optional<TopicImage> found = image.topic(request.topic());
        if (found.isEmpty()) {
            return Plan.reject(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null); // Kafka gives no message here
        }
        TopicImage topic = found.get();
        int current = topic.numPartitions();
        if (request.totalCount() < current) {
            return Plan.reject(ErrorCode.INVALID_PARTITIONS, "The topic " + topic.name() + " currently has " + current
                    + " partition(s); " + request.totalCount() + " would not be an increase.");
        }
        if (request.totalCount() == current) {
            return Plan.reject(ErrorCode.INVALID_PARTITIONS, "Topic already has " + current + " partition(s).");
        }
        int added = request.totalCount() - current;
        int rf = topic.replicationFactor();
        List<List<Integer>> replicas;
        if (request.newAssignments() != null) {
            if (request.newAssignments().size() != added) {
                return Plan.reject(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Attempted to add " + added
                        + " additional partition(s), but only " + request.newAssignments().size()
                        + " assignment(s) were specified.");
            }
            replicas = request.newAssignments();
            Optional<String> invalid = checkAssignment(image, replicas, rf);
            if (invalid.isPresent()) {
                return Plan.reject(ErrorCode.INVALID_REPLICA_ASSIGNMENT, invalid.get());
            }
        } else {
            List<Integer> brokers = sortedBrokers(image);
            if (rf > brokers.size()) {
                return Plan.reject(ErrorCode.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition " + rf
                        + " time(s): The target replication factor of " + rf + " cannot be reached because only "
                        + brokers.size() + " broker(s) are registered.");
            }
            replicas = ReplicaPlacement.assign(brokers, current, added, rf, ThreadLocalRandom.current());
        }
        return Plan.of(new CreatePartitionsRecord(topic.topicId(), initial(replicas, current)));
    }

    /** Kafka's checks of a manual assignment: non-empty, same size, no repeats, registered brokers. */
    private static Optional<String> checkAssignment(MetadataImage image, List<List<Integer>> replicas, int expected) {
        for (List<Integer> assigned : replicas) {
            if (assigned.isEmpty()) {
                return Optional.of("The manual partition assignment includes an empty replica list.");
            }
            if (assigned.size() != expected) {
                return Optional.of("The manual partition assignment includes a partition with " + assigned.size()
                        + " replica(s), but this is not consistent with previous partitions, which have " + expected
                        + " replica(s).");
            }
            Set<Integer> seen = new HashSet<>();
            for (int broker : assigned) {
                if (!seen.add(broker)) {
                    return Optional.of("The manual partition assignment includes the broker " + broker
                            + " more than once.");
                }
                if (image.broker(broker).isEmpty()) {
                    return Optional.of("The manual partition assignment includes broker " + broker
                            + ", but no such broker is registered.");
                }
            }
        }
        return Optional.empty();
    }

    private static List<PartitionImage> initial(List<List<Integer>> replicas, int firstPartition) {
        List<PartitionImage> partitions = new ArrayList<>(replicas.size());
        for (int i = 0; i < replicas.size(); i++) {
            partitions.add(PartitionImage.initial(firstPartition + i, replicas.get(i)));
        }
        return partitions;
    }

    private static List<Integer> sortedBrokers(MetadataImage image) {
        return image.brokers().keySet().stream().sorted().toList();
    }

    /**
     * A random topic id that is neither Kafka's reserved zero nor metadata-topic id (0...01), and whose base64 form
     * does not start with '-' (Kafka avoids ids that look like command-line options).
     */
    static UUID newTopicId(MetadataImage image) {
        while (true) {
            UUID id = UUID.randomUUID();
            boolean reserved = id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() <= 1;
            if (!reserved && !base64(id).startsWith("-") && image.topic(id).isEmpty()) {
                return id;
            }
        }
    }

    static String base64(UUID id) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(16);
        buf.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }
}
