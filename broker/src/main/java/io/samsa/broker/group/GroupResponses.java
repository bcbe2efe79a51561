package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupResponse;
import io.samsa.protocol.message.SyncGroupResponse;

import java.util.List;

/**
 * The JoinGroup and SyncGroup responses the coordinator completes parked requests with. They are built
 * version-neutral (null protocol names where Kafka has none); the handlers shape them for the request's version.
 */
final class GroupResponses {
    private GroupResponses() {
    }

    static JoinGroupResponse joinError(String memberId, ErrorCode error) {
        return new JoinGroupResponse().setErrorCode(error.code()).setMemberId(memberId == null ? "" : memberId)
                .setGenerationId(-1).setProtocolType(null).setProtocolName(null).setLeader("")
                .setMembers(List.of());
    }

    /** A successful join: the leader gets the member list, followers an empty one. */
    static JoinGroupResponse joined(ClassicGroup group, GroupMember member) {
        return current(group, member.memberId(), group.leaderId(),
                group.isLeader(member.memberId()) ? group.leaderMembersView() : List.of(), false);
    }

    static JoinGroupResponse current(ClassicGroup group, String memberId, String leaderId,
                                     List<JoinGroupResponse.JoinGroupResponseMember> members,
                                     boolean skipAssignment) {
        return new JoinGroupResponse().setErrorCode(ErrorCode.NONE.code()).setMemberId(memberId)
                .setGenerationId(group.generationId()).setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName()).setLeader(leaderId == null ? "" : leaderId)
                .setSkipAssignment(skipAssignment).setMembers(members);
    }

    static SyncGroupResponse syncError(ErrorCode error) {
        return new SyncGroupResponse().setErrorCode(error.code()).setProtocolType(null).setProtocolName(null)
                .setAssignment(GroupMember.EMPTY_ASSIGNMENT);
    }

    static SyncGroupResponse synced(ClassicGroup group, GroupMember member) {
        return new SyncGroupResponse().setErrorCode(ErrorCode.NONE.code()).setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName()).setAssignment(member.assignment());
    }
}
