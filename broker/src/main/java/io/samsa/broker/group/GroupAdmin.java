package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.samsa.protocol.message.DescribeGroupsResponse.DescribedGroupMember;
import io.samsa.protocol.message.ListGroupsResponse.ListedGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeGroups, ListGroups and DeleteGroups over one shard's groups. Member metadata and assignments are shown
 * only for a Stable group, as Kafka does (in other states they are in flux).
 *
 * <p>Confined to the shard's executor.
 */
final class GroupAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(GroupAdmin.class);

    /** The group type every classic group reports in ListGroups v5+ (KIP-848). */
    static final String CLASSIC_TYPE = "classic";

    private final GroupShard shard;

    GroupAdmin(GroupShard shard) {
        this.shard = shard;
    }

    /** The group, or null if this shard has no such group. */
    DescribedGroup describe(String groupId) {
        ClassicGroup group = shard.group(groupId);
        if (group == null || group.isInState(GroupState.DEAD)) {
            return null;
        }
        boolean stable = group.isInState(GroupState.STABLE);
        List<DescribedGroupMember> members = new ArrayList<>(group.size());
        for (GroupMember m : group.allMembers()) {
            byte[] metadata = stable ? m.metadata(group.protocolName()) : null;
            members.add(new DescribedGroupMember().setMemberId(m.memberId()).setGroupInstanceId(m.groupInstanceId())
                    .setClientId(m.clientId()).setClientHost(m.clientHost())
                    .setMemberMetadata(metadata == null ? GroupMember.EMPTY_ASSIGNMENT : metadata)
                    .setMemberAssignment(stable ? m.assignment() : GroupMember.EMPTY_ASSIGNMENT));
        }
        return new DescribedGroup().setErrorCode(ErrorCode.NONE.code()).setGroupId(groupId)
                .setGroupState(group.state().displayName())
                .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                .setProtocolData(stable ? group.protocolName() : "").setMembers(members);
    }

    /**
     * @param states lower-case state names to keep (empty: all)
     * @param types  lower-case group types to keep (empty: all); every group here is {@value #CLASSIC_TYPE}
     */
    List<ListedGroup> list(Set<String> states, Set<String> types) {
        List<ListedGroup> listed = new ArrayList<>();
        if (!types.isEmpty() && !types.contains(CLASSIC_TYPE)) {
            return listed;
        }
        for (ClassicGroup group : shard.groups()) {
            String state = group.state().displayName();
            if (group.isInState(GroupState.DEAD) || (!states.isEmpty() && !states.contains(state.toLowerCase()))) {
                continue;
            }
            listed.add(new ListedGroup().setGroupId(group.groupId())
                    .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                    .setGroupState(state).setGroupType(CLASSIC_TYPE));
        }
        return listed;
    }

    /**
     * Deletes an Empty group with all its offsets ({@code NON_EMPTY_GROUP} while it has members). The group is
     * gone from memory at once, so a join racing with the write starts a new group after the tombstones.
     */
    CompletableFuture<ErrorCode> delete(String groupId) {
        ClassicGroup group = shard.group(groupId);
        if (group == null || group.isInState(GroupState.DEAD)) {
            return CompletableFuture.completedFuture(ErrorCode.GROUP_ID_NOT_FOUND);
        }
        if (!group.isInState(GroupState.EMPTY)) {
            return CompletableFuture.completedFuture(ErrorCode.NON_EMPTY_GROUP);
        }
        List<GroupRecord> records = new ArrayList<>();
        for (TopicPartition tp : List.copyOf(shard.offsets().of(groupId).keySet())) {
            records.add(GroupRecords.offsetTombstone(groupId, tp));
        }
        records.add(GroupRecords.groupTombstone(groupId));
        shard.offsets().removeGroup(groupId);
        shard.removeGroup(group);
        LOG.info("Deleting group {} and {} offsets", groupId, records.size() - 1);
        return shard.append(records);
    }
}
