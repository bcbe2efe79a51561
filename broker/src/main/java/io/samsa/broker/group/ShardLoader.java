package io.samsa.broker.group;

import io.samsa.broker.common.Time;
import io.samsa.protocol.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays a {@code __consumer_offsets} partition into the state of its shard: for each key the last value wins and
 * a tombstone deletes. Groups come back as their last GroupMetadata record describes them (Stable with their
 * members and assignments, or Empty); offsets of a group that has no such record belong to a standalone consumer,
 * whose group is restored as an Empty group without protocol type, as Kafka does.
 *
 * <p>Fed on the replaying thread, one record at a time; read once by the shard after the replay completed.
 */
final class ShardLoader implements Consumer<GroupRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(ShardLoader.class);

    private final int partition;
    private final Time time;
    private final Map<String, StoredGroup> storedGroups = new LinkedHashMap<>();
    private final CommittedOffsets offsets = new CommittedOffsets();
    private long skipped;
    private long records;

    ShardLoader(int partition, Time time) {
        this.partition = partition;
        this.time = time;
    }

    @Override
    public void accept(GroupRecord record) {
        records++;
        GroupRecords.Entry entry;
        try {
            entry = GroupRecords.decode(record.key(), record.value());
        } catch (MalformedMessageException e) {
            if (skipped++ == 0) {
                LOG.warn("Skipping malformed records in {}-{}: {}", GroupConfig.OFFSETS_TOPIC, partition,
                        e.getMessage());
            }
            return;
        }
        if (entry instanceof GroupRecords.OffsetEntry o) {
            if (o.offset() == null) {
                offsets.remove(o.groupId(), o.tp());
            } else {
                offsets.put(o.groupId(), o.tp(), o.offset());
            }
        } else if (entry instanceof GroupRecords.GroupEntry g) {
            if (g.group() == null) {
                storedGroups.remove(g.groupId());
            } else {
                storedGroups.put(g.groupId(), g.group());
            }
        } else {
            skipped++;
        }
    }

    CommittedOffsets offsets() {
        return offsets;
    }

    /** The latest GroupMetadata value of every group that has one. */
    Map<String, StoredGroup> storedGroups() {
        return storedGroups;
    }

    /** How many records the replay read. */
    long records() {
        return records;
    }

    /** The groups to restore, including the standalone groups that only have offsets. */
    Map<String, ClassicGroup> groups() {
        Map<String, ClassicGroup> groups = new HashMap<>();
        storedGroups.forEach((id, stored) -> groups.put(id, restore(id, stored)));
        for (String groupId : offsets.groupIds()) {
            groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, time));
        }
        return groups;
    }

    private ClassicGroup restore(String groupId, StoredGroup stored) {
        boolean hasMembers = !stored.members().isEmpty() && stored.protocol() != null;
        ClassicGroup group = new ClassicGroup(groupId, time, hasMembers ? GroupState.STABLE : GroupState.EMPTY,
                stored.generation(), stored.protocolType(), hasMembers ? stored.protocol() : null, null,
                stored.currentStateTimestamp());
        if (hasMembers) {
            for (StoredGroup.Member m : stored.members()) {
                GroupMember member = new GroupMember(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                        m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), stored.protocolType(),
                        List.of(new MemberProtocol(stored.protocol(), m.subscription())));
                member.setAssignment(m.assignment());
                group.add(member, null);
            }
            if (stored.leader() != null && group.hasMember(stored.leader())) {
                group.setLeader(stored.leader());
            }
        }
        group.refreshSubscribedTopics();
        return group;
    }

    /** The record form of {@code group} with {@code assignments} (member id → assignment; missing ones empty). */
    static StoredGroup toStored(ClassicGroup group, Map<String, byte[]> assignments) {
        List<StoredGroup.Member> members = new ArrayList<>(group.size());
        for (GroupMember m : group.allMembers()) {
            byte[] subscription = group.protocolName() == null ? null : m.metadata(group.protocolName());
            members.add(new StoredGroup.Member(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), subscription,
                    assignments.getOrDefault(m.memberId(), GroupMember.EMPTY_ASSIGNMENT)));
        }
        return new StoredGroup(group.protocolType() == null ? "" : group.protocolType(), group.generationId(),
                group.protocolName(), group.leaderId(), group.currentStateTimestamp(), members);
    }
}
