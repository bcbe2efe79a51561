package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Removes offsets nobody will read again, every {@code offsets.retention.check.interval.ms}, by Kafka's rules
 * (KIP-211): a group that uses the group protocol keeps its offsets while it has members, and loses them
 * {@code offsets.retention.minutes} after it became Empty; a Stable consumer group loses those of topics it no longer
 * subscribes to that long after their commit; a standalone consumer's offsets expire that long after their commit.
 * An explicit retention from OffsetCommit v2–v4 wins. An Empty group left without offsets is deleted.
 *
 * <p>Expired entries leave memory first and their tombstones follow, as in Kafka: a failed write only means they
 * are expired again after a reload. Confined to the shard's executor.
 */
final class OffsetExpiry {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetExpiry.class);

    private final GroupShard shard;

    OffsetExpiry(GroupShard shard) {
        this.shard = shard;
    }

    void schedule() {
        shard.timer().schedule(ShardTimer.Key.offsetExpiry(), shard.config().offsetsRetentionCheckIntervalMs(),
                this::run);
    }

    /** One expiry pass; reschedules itself. */
    void run() {
        long now = shard.time().milliseconds();
        List<GroupRecord> records = new ArrayList<>();
        int expiredOffsets = 0;
        Set<String> groupIds = new HashSet<>(shard.offsets().groupIds());
        shard.groups().forEach(g -> groupIds.add(g.groupId()));
        List<String> deletedGroups = new ArrayList<>();
        for (String groupId : groupIds) {
            ClassicGroup group = shard.group(groupId);
            expiredOffsets += expireOffsets(groupId, group, now, records);
            if (group != null && group.isInState(GroupState.EMPTY) && !shard.offsets().hasOffsets(groupId)) {
                shard.removeGroup(group);
                records.add(GroupRecords.groupTombstone(groupId));
                deletedGroups.add(groupId);
            }
        }
        if (!records.isEmpty()) {
            LOG.info("Removed {} expired offsets and {} empty groups from {}-{}", expiredOffsets,
                    deletedGroups.size(), GroupConfig.OFFSETS_TOPIC, shard.partition());
            shard.append(records).thenAccept(error -> {
                if (error != ErrorCode.NONE) {
                    LOG.warn("Could not write the expiry of {} offsets and groups {}: {}", records.size(),
                            deletedGroups, error);
                }
            });
        }
        schedule();
    }

    private int expireOffsets(String groupId, ClassicGroup group, long now, List<GroupRecord> records) {
        ToLongFunction<OffsetAndMetadata> base = baseTimestamp(group);
        if (base == null) {
            return 0;
        }
        long retentionMs = shard.config().offsetsRetentionMs();
        boolean onlyUnsubscribed = group != null && !group.isInState(GroupState.EMPTY);
        List<TopicPartition> expired = new ArrayList<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : shard.offsets().of(groupId).entrySet()) {
            OffsetAndMetadata offset = e.getValue();
            boolean due = offset.hasExpireTimestamp() ? now >= offset.expireTimestampMs()
                    : now - base.applyAsLong(offset) >= retentionMs;
            if (due && !(onlyUnsubscribed && group.isSubscribedToTopic(e.getKey().topic()))) {
                expired.add(e.getKey());
            }
        }
        for (TopicPartition tp : expired) {
            shard.offsets().remove(groupId, tp);
            records.add(GroupRecords.offsetTombstone(groupId, tp));
        }
        return expired.size();
    }

    /** From when an offset's retention counts, or null if the group's offsets do not expire now. */
    private static ToLongFunction<OffsetAndMetadata> baseTimestamp(ClassicGroup group) {
        if (group == null || group.protocolType() == null) {
            return OffsetAndMetadata::commitTimestampMs;
        }
        if (group.isInState(GroupState.EMPTY)) {
            long emptySince = group.currentStateTimestamp();
            return emptySince >= 0 ? o -> emptySince : OffsetAndMetadata::commitTimestampMs;
        }
        if (group.isInState(GroupState.STABLE) && group.knowsSubscriptions()) {
            return OffsetAndMetadata::commitTimestampMs;
        }
        return null;
    }
}
