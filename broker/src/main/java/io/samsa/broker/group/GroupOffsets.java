package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.samsa.broker.group.GroupState.COMPLETING_REBALANCE;
import static io.samsa.broker.group.GroupState.DEAD;
import static io.samsa.broker.group.GroupState.EMPTY;

/**
 * OffsetCommit, OffsetFetch and OffsetDelete, and the expiry of old offsets. A commit is acknowledged only once its
 * records are committed to the group's partition, and becomes visible to OffsetFetch at that moment, so an
 * acknowledged offset survives a restart and an unacknowledged one is never read back.
 *
 * <p>Confined to the shard's executor.
 */
final class GroupOffsets {
    private static final Logger LOG = LoggerFactory.getLogger(GroupOffsets.class);

    private final GroupShard shard;
    private final OffsetExpiry expiry;

    GroupOffsets(GroupShard shard) {
        this.shard = shard;
        this.expiry = new OffsetExpiry(shard);
    }

    /**
     * Commits offsets.
     *
     * @param retentionTimeMs OffsetCommit v2–v4's retention time, or -1 for the broker's retention
     * @param apiVersion      from v9 a commit with a generation to an unknown group gets GROUP_ID_NOT_FOUND
     * @return the error per partition, in request order
     */
    CompletableFuture<Map<TopicPartition, ErrorCode>> commit(String groupId, Committer committer,
                                                             long retentionTimeMs, List<CommitOffset> offsets,
                                                             short apiVersion) {
        ClassicGroup group = shard.group(groupId);
        ErrorCode invalid;
        if (group == null && committer.generationId() < 0) {
            // A standalone consumer (assign + commitSync): a "simple" group exists only to hold offsets.
            group = shard.createGroup(groupId);
            invalid = ErrorCode.NONE;
        } else if (group == null) {
            invalid = apiVersion >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION;
        } else {
            invalid = validateCommit(group, committer);
        }
        if (invalid != ErrorCode.NONE) {
            return CompletableFuture.completedFuture(allWith(offsets, invalid));
        }
        long now = shard.time().milliseconds();
        long expireTimestamp = retentionTimeMs >= 0 ? now + retentionTimeMs : OffsetAndMetadata.NO_EXPIRY;
        Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> accepted = new LinkedHashMap<>();
        List<GroupRecord> records = new ArrayList<>();
        for (CommitOffset c : offsets) {
            String metadata = c.metadata() == null ? "" : c.metadata();
            if (metadata.length() > shard.config().offsetMetadataMaxBytes()) {
                errors.put(c.tp(), ErrorCode.OFFSET_METADATA_TOO_LARGE);
                continue;
            }
            OffsetAndMetadata value = new OffsetAndMetadata(c.offset(), c.leaderEpoch(), metadata, now,
                    expireTimestamp);
            accepted.put(c.tp(), value);
            errors.put(c.tp(), ErrorCode.NONE);
            records.add(GroupRecords.offsetCommit(groupId, c.tp(), value));
        }
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(errors);
        }
        return shard.append(records).thenApply(error -> {
            if (error == ErrorCode.NONE) {
                accepted.forEach((tp, value) -> shard.offsets().put(groupId, tp, value));
            } else {
                accepted.keySet().forEach(tp -> errors.put(tp, error));
            }
            return errors;
        });
    }

    /**
     * Kafka 4's classic-group commit rules: an empty group takes commits without a generation (standalone
     * consumers, admin tools); otherwise the committer must be the current member of the current generation, and
     * nothing is committed while the assignment of a new generation is still being decided.
     */
    private static ErrorCode validateCommit(ClassicGroup group, Committer committer) {
        if (group.isInState(DEAD)) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        if (committer.generationId() < 0 && group.isInState(EMPTY)) {
            return ErrorCode.NONE;
        }
        String memberId = committer.memberId() == null ? "" : committer.memberId();
        if (committer.generationId() >= 0 || !memberId.isEmpty() || committer.groupInstanceId() != null) {
            ErrorCode invalid = group.validateMember(memberId, committer.groupInstanceId());
            if (invalid != ErrorCode.NONE) {
                return invalid;
            }
            if (committer.generationId() != group.generationId()) {
                return ErrorCode.ILLEGAL_GENERATION;
            }
        } else if (!group.isInState(EMPTY)) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        return group.isInState(COMPLETING_REBALANCE) ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
    }

    /**
     * The committed offsets of {@code partitions} (null: every partition the group has an offset for). A group
     * that does not exist simply has none. {@code require_stable} would wait for pending transactional offsets;
     * without transactions there never are any.
     */
    OffsetFetchResult fetch(String groupId, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = shard.offsets().of(groupId);
        Map<TopicPartition, OffsetAndMetadata> result = new LinkedHashMap<>();
        if (partitions == null) {
            result.putAll(committed);
        } else {
            partitions.forEach(tp -> result.put(tp, committed.get(tp)));
        }
        return new OffsetFetchResult(ErrorCode.NONE, result);
    }

    /**
     * OffsetDelete: an empty group may lose any offset; a live consumer group only those of topics no member
     * subscribes to ({@code GROUP_SUBSCRIBED_TO_TOPIC} for the others); other live groups none
     * ({@code NON_EMPTY_GROUP}).
     */
    CompletableFuture<OffsetDeleteResult> delete(String groupId, List<TopicPartition> partitions) {
        ClassicGroup group = shard.group(groupId);
        if (group == null || group.isInState(DEAD)) {
            return CompletableFuture.completedFuture(new OffsetDeleteResult(ErrorCode.GROUP_ID_NOT_FOUND, Map.of()));
        }
        boolean empty = group.isInState(EMPTY);
        if (!empty && !ConsumerProtocol.PROTOCOL_TYPE.equals(group.protocolType())) {
            return CompletableFuture.completedFuture(new OffsetDeleteResult(ErrorCode.NON_EMPTY_GROUP, Map.of()));
        }
        Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
        List<TopicPartition> deletable = new ArrayList<>();
        List<GroupRecord> records = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (!empty && group.isSubscribedToTopic(tp.topic())) {
                errors.put(tp, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
                continue;
            }
            errors.put(tp, ErrorCode.NONE);
            if (shard.offsets().get(groupId, tp) != null) {
                deletable.add(tp);
                records.add(GroupRecords.offsetTombstone(groupId, tp));
            }
        }
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(new OffsetDeleteResult(ErrorCode.NONE, errors));
        }
        return shard.append(records).thenApply(error -> {
            if (error != ErrorCode.NONE) {
                return new OffsetDeleteResult(error, Map.of());
            }
            deletable.forEach(tp -> shard.offsets().remove(groupId, tp));
            LOG.info("Deleted {} offsets of group {}", deletable.size(), groupId);
            return new OffsetDeleteResult(ErrorCode.NONE, errors);
        });
    }

    /** Deletes the offsets of topics that were deleted (a topic recreated later must not inherit them). */
    void removeTopics(Set<String> topics) {
        if (shard.status() != GroupShard.Status.ACTIVE) {
            return;
        }
        List<GroupRecord> records = new ArrayList<>();
        for (String groupId : shard.offsets().groupIds()) {
            for (TopicPartition tp : List.copyOf(shard.offsets().of(groupId).keySet())) {
                if (topics.contains(tp.topic())) {
                    shard.offsets().remove(groupId, tp);
                    records.add(GroupRecords.offsetTombstone(groupId, tp));
                }
            }
        }
        if (!records.isEmpty()) {
            LOG.info("Removing {} offsets of deleted topics {}", records.size(), topics);
            shard.append(records).thenAccept(error -> {
                if (error != ErrorCode.NONE) {
                    LOG.warn("Could not write the removal of offsets of deleted topics {}: {}", topics, error);
                }
            });
        }
    }

    void scheduleExpiry() {
        expiry.schedule();
    }

    private static Map<TopicPartition, ErrorCode> allWith(List<CommitOffset> offsets, ErrorCode error) {
        Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
        offsets.forEach(c -> errors.put(c.tp(), error));
        return errors;
    }
}
