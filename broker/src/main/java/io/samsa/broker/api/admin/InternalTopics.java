package io.samsa.broker.api.admin;

import io.samsa.broker.BrokerConfig;
import io.samsa.broker.metadata.NewTopic;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kafka's internal topics: the names clients see flagged {@code is_internal}, and how the two Samsa creates on demand
 * are created (partitions, replication factor and the topic configs Kafka's coordinators give them).
 */
public final class InternalTopics {
    public static final String CONSUMER_OFFSETS = "__consumer_offsets";
    public static final String TRANSACTION_STATE = "__transaction_state";
    public static final String SHARE_GROUP_STATE = "__share_group_state";
    /** KRaft's own log: never a user topic, and CreateTopics refuses the name. */
    public static final String CLUSTER_METADATA = "__cluster_metadata";

    private static final Set<String> INTERNAL = Set.of(CONSUMER_OFFSETS, TRANSACTION_STATE, SHARE_GROUP_STATE);
    /** Kafka's default {@code transaction.state.log.segment.bytes}, which Samsa does not configure. */
    private static final int TRANSACTION_STATE_SEGMENT_BYTES = 104_857_600;

    private InternalTopics() {
    }

    public static boolean isInternal(String topic) {
        return INTERNAL.contains(topic);
    }

    /**
     * How {@code __consumer_offsets} or {@code __transaction_state} is created when first needed; empty for any other
     * name (the share-group state topic is not created: Samsa has no share groups).
     */
    public static Optional<NewTopic> creationSpec(String topic, BrokerConfig config) {
        if (topic.equals(CONSUMER_OFFSETS)) {
            return Optional.of(new NewTopic(topic, config.offsetsTopicNumPartitions(),
                    config.offsetsTopicReplicationFactor(), Map.of(), Map.of(
                    "cleanup.policy", "compact",
                    "compression.type", "producer",
                    "segment.bytes", Integer.toString(config.offsetsTopicSegmentBytes()))));
        }
        if (topic.equals(TRANSACTION_STATE)) {
            return Optional.of(new NewTopic(topic, config.transactionStateLogNumPartitions(),
                    config.transactionStateLogReplicationFactor(), Map.of(), Map.of(
                    "cleanup.policy", "compact",
                    "compression.type", "uncompressed",
                    "min.insync.replicas", Integer.toString(config.transactionStateLogMinIsr()),
                    "unclean.leader.election.enable", "false",
                    "segment.bytes", Integer.toString(TRANSACTION_STATE_SEGMENT_BYTES))));
        }
        return Optional.empty();
    }
}
