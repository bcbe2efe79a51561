package io.samsa.broker.metadata;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The entries of the metadata log. Each is validated before it is submitted and again when applied
 * ({@link RecordApplier}), where only the current image decides; {@link MetadataRecordCodec} gives each a versioned
 * binary form. Records name topics by id, so a retried or late record never touches a re-created topic of the same
 * name.
 */
public sealed interface MetadataRecord {

    /** The cluster id; the first one committed wins. */
    record ClusterIdRecord(String clusterId) implements MetadataRecord {
        public ClusterIdRecord {
            Objects.requireNonNull(clusterId, "clusterId");
        }
    }

    /** A broker process announcing itself; the broker epoch becomes this record's offset for a new incarnation. */
    record RegisterBrokerRecord(int brokerId, UUID incarnationId, List<BrokerEndpoint> endpoints, String rack)
            implements MetadataRecord {
        public RegisterBrokerRecord {
            endpoints = List.copyOf(endpoints);
        }
    }

    /** A new topic with its partitions, assignment and configs. Applying it twice (a retry) is harmless. */
    record TopicRecord(String name, UUID topicId, List<PartitionImage> partitions, Map<String, String> configs)
            implements MetadataRecord {
        public TopicRecord {
            partitions = List.copyOf(partitions);
            configs = Map.copyOf(configs);
        }
    }

    record RemoveTopicRecord(UUID topicId) implements MetadataRecord {
    }

    /** Partitions appended to a topic; the first must be numbered the topic's current partition count. */
    record CreatePartitionsRecord(UUID topicId, List<PartitionImage> partitions) implements MetadataRecord {
        public CreatePartitionsRecord {
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * A new leader, leader epoch, and optionally replicas and ISR (null: unchanged) for one partition. Rejected when
     * the epoch is older than the current one, or equal with a different leader.
     */
    record PartitionChangeRecord(UUID topicId, int partition, int leader, int leaderEpoch, List<Integer> replicas,
                                 List<Integer> isr) implements MetadataRecord {
        public PartitionChangeRecord {
            replicas = replicas == null ? null : List.copyOf(replicas);
            isr = isr == null ? null : List.copyOf(isr);
        }
    }

    /** Config changes for one resource; with {@code replace} every key not set here is removed (legacy AlterConfigs). */
    record ConfigRecord(ConfigResource resource, List<ConfigChange> changes, boolean replace) implements MetadataRecord {
        public ConfigRecord {
            changes = List.copyOf(changes);
        }
    }

    /** Reserves the next {@code blockSize} producer ids for a broker; the block's start is decided at apply time. */
    record AllocateProducerIdsRecord(int brokerId, int blockSize) implements MetadataRecord {
    }

    /**
     * Starts a partition reassignment towards {@code target} (preference order), or retargets the one in progress; a
     * null target cancels it, which moves the partition back to the replicas it had when the reassignment started.
     */
    record ReassignPartitionRecord(UUID topicId, int partition, List<Integer> target) implements MetadataRecord {
        public ReassignPartitionRecord {
            target = target == null ? null : List.copyOf(target);
        }
    }

    /**
     * Puts a partition in data group {@code groupId} of its own (from {@code startOffset}, its log end when its previous
     * group sealed it), or records new members and preferred leader of the group it is already in.
     */
    record PartitionGroupRecord(UUID topicId, int partition, UUID groupId, List<Integer> members, int preferredLeader,
                                long startOffset) implements MetadataRecord {
        public PartitionGroupRecord {
            members = List.copyOf(members);
        }
    }

    /** Ends a reassignment whose data group now has the target's members and preferred leader. */
    record CompleteReassignmentRecord(UUID topicId, int partition) implements MetadataRecord {
    }
}
