package io.samsa.broker.group;

import io.samsa.broker.BrokerConfig;
import io.samsa.broker.metadata.NewTopic;

import java.util.Map;

/**
 * The slice of the broker config the group coordinator reads, with Kafka's names and defaults.
 *
 * @param initialRebalanceDelayMs         {@code group.initial.rebalance.delay.ms}: how long the first rebalance of an
 *                                        empty group waits for more members (extended while members keep coming)
 * @param minSessionTimeoutMs             {@code group.min.session.timeout.ms}
 * @param maxSessionTimeoutMs             {@code group.max.session.timeout.ms}
 * @param maxSize                         {@code group.max.size}
 * @param newMemberJoinTimeoutMs          how long a new member's parked JoinGroup may wait before it is dropped
 *                                        (Kafka's internal 5 minutes): its socket is muted, so no heartbeat can
 *                                        prove it is still there
 * @param offsetsTopicNumPartitions       {@code offsets.topic.num.partitions}
 * @param offsetsTopicReplicationFactor   {@code offsets.topic.replication.factor}
 * @param offsetsTopicSegmentBytes        {@code offsets.topic.segment.bytes}
 * @param offsetsRetentionMs              {@code offsets.retention.minutes}, in ms
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms}
 * @param offsetsCommitTimeoutMs          {@code offsets.commit.timeout.ms}: how long a write to the offsets
 *                                        partition may take before the request fails
 * @param offsetMetadataMaxBytes          {@code offset.metadata.max.bytes} (Kafka's default 4096; not configurable
 *                                        in Samsa yet)
 * @param offsetsRewriteMinRecords        Samsa's own, not a Kafka setting: how many records a shard appends
 *                                        (at least) before it rewrites its partition down to its live state, in
 *                                        place of log compaction (see {@link OffsetsLog#rewrite})
 */
public record GroupConfig(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs, int maxSize,
                          int newMemberJoinTimeoutMs, int offsetsTopicNumPartitions,
                          short offsetsTopicReplicationFactor, int offsetsTopicSegmentBytes, long offsetsRetentionMs,
                          long offsetsRetentionCheckIntervalMs, int offsetsCommitTimeoutMs,
                          int offsetMetadataMaxBytes, int offsetsRewriteMinRecords) {

    /** The internal topic that holds committed offsets and group metadata. */
    public static final String OFFSETS_TOPIC = "__consumer_offsets";

    static final int DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;
    static final int DEFAULT_OFFSET_METADATA_MAX_BYTES = 4096;
    static final int DEFAULT_OFFSETS_REWRITE_MIN_RECORDS = 10_000;

    public static GroupConfig from(BrokerConfig config) {
        return new GroupConfig(config.groupInitialRebalanceDelayMs(), config.groupMinSessionTimeoutMs(),
                config.groupMaxSessionTimeoutMs(), config.groupMaxSize(), DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS,
                config.offsetsTopicNumPartitions(), config.offsetsTopicReplicationFactor(),
                config.offsetsTopicSegmentBytes(), config.offsetsRetentionMs(),
                config.offsetsRetentionCheckIntervalMs(), config.offsetsCommitTimeoutMs(),
                DEFAULT_OFFSET_METADATA_MAX_BYTES, DEFAULT_OFFSETS_REWRITE_MIN_RECORDS);
    }

    /** Kafka's defaults (as {@link BrokerConfig#defaults()} gives them). */
    public static GroupConfig defaults() {
        return from(BrokerConfig.defaults());
    }

    public GroupConfig withInitialRebalanceDelayMs(int delayMs) {
        return new GroupConfig(delayMs, minSessionTimeoutMs, maxSessionTimeoutMs, maxSize, newMemberJoinTimeoutMs,
                offsetsTopicNumPartitions, offsetsTopicReplicationFactor, offsetsTopicSegmentBytes,
                offsetsRetentionMs, offsetsRetentionCheckIntervalMs, offsetsCommitTimeoutMs, offsetMetadataMaxBytes,
                offsetsRewriteMinRecords);
    }

    public GroupConfig withMaxSize(int size) {
        return new GroupConfig(initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, size,
                newMemberJoinTimeoutMs, offsetsTopicNumPartitions, offsetsTopicReplicationFactor,
                offsetsTopicSegmentBytes, offsetsRetentionMs, offsetsRetentionCheckIntervalMs, offsetsCommitTimeoutMs,
                offsetMetadataMaxBytes, offsetsRewriteMinRecords);
    }

    public GroupConfig withOffsetsTopicNumPartitions(int partitions) {
        return new GroupConfig(initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, maxSize,
                newMemberJoinTimeoutMs, partitions, offsetsTopicReplicationFactor, offsetsTopicSegmentBytes,
                offsetsRetentionMs, offsetsRetentionCheckIntervalMs, offsetsCommitTimeoutMs, offsetMetadataMaxBytes,
                offsetsRewriteMinRecords);
    }

    public GroupConfig withOffsetsRewriteMinRecords(int records) {
        return new GroupConfig(initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, maxSize,
                newMemberJoinTimeoutMs, offsetsTopicNumPartitions, offsetsTopicReplicationFactor,
                offsetsTopicSegmentBytes, offsetsRetentionMs, offsetsRetentionCheckIntervalMs, offsetsCommitTimeoutMs,
                offsetMetadataMaxBytes, records);
    }

    /** How {@code __consumer_offsets} is created on first use: compacted, batches kept as the coordinator wrote them. */
    public NewTopic offsetsTopic() {
        return new NewTopic(OFFSETS_TOPIC, offsetsTopicNumPartitions, offsetsTopicReplicationFactor, Map.of(), Map.of(
                "cleanup.policy", "compact",
                "compression.type", "producer",
                "segment.bytes", Integer.toString(offsetsTopicSegmentBytes)));
    }
}
