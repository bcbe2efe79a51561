package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.HeartbeatRequest;
import io.samsa.protocol.message.LeaveGroupRequest;
import io.samsa.protocol.message.LeaveGroupRequest.MemberIdentity;
import io.samsa.protocol.message.LeaveGroupResponse;
import io.samsa.protocol.message.LeaveGroupResponse.MemberResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static io.samsa.broker.group.GroupState.COMPLETING_REBALANCE;
import static io.samsa.broker.group.GroupState.DEAD;
import static io.samsa.broker.group.GroupState.PREPARING_REBALANCE;
import static io.samsa.broker.group.GroupState.STABLE;

/**
 * Heartbeat and LeaveGroup: a valid heartbeat restarts the member's session timer and tells it whether a rebalance
 * is under way; LeaveGroup removes members (from v3 several at once, and by {@code group.instance.id} alone, as
 * Kafka Streams and {@code Admin.removeMembersFromConsumerGroup} do) and rebalances the rest once.
 *
 * <p>Confined to the shard's executor.
 */
final class GroupMembership {
    private static final Logger LOG = LoggerFactory.getLogger(GroupMembership.class);

    private final GroupShard shard;

    GroupMembership(GroupShard shard) {
        this.shard = shard;
    }

    ErrorCode heartbeat(HeartbeatRequest request) {
        ClassicGroup group = shard.group(request.groupId());
        if (group == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (group.isInState(DEAD)) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        ErrorCode invalid = group.validateMember(request.memberId(), request.groupInstanceId());
        if (invalid != ErrorCode.NONE) {
            return invalid;
        }
        if (request.generationId() != group.generationId()) {
            return ErrorCode.ILLEGAL_GENERATION;
        }
        ErrorCode answer = group.state().heartbeatError();
        if (answer == ErrorCode.NONE || answer == ErrorCode.REBALANCE_IN_PROGRESS) {
            shard.rebalance.rescheduleHeartbeat(group, group.member(request.memberId()));
        }
        return answer;
    }

    /** @param members who leaves: the request's list (v3+) or its single member id (v0–v2) */
    LeaveGroupResponse leave(String groupId, List<MemberIdentity> members) {
        ClassicGroup group = shard.group(groupId);
        if (group == null) {
            return new LeaveGroupResponse().setErrorCode(ErrorCode.UNKNOWN_MEMBER_ID.code());
        }
        if (group.isInState(DEAD)) {
            return new LeaveGroupResponse().setErrorCode(ErrorCode.COORDINATOR_NOT_AVAILABLE.code());
        }
        List<MemberResponse> responses = new ArrayList<>(members.size());
        List<String> left = new ArrayList<>();
        for (MemberIdentity identity : members) {
            ErrorCode error = leaveOne(group, identity, left);
            responses.add(new MemberResponse().setMemberId(identity.memberId())
                    .setGroupInstanceId(identity.groupInstanceId()).setErrorCode(error.code()));
        }
        if (!left.isEmpty()) {
            String reason = "explicit LeaveGroup request for " + left;
            if (group.isInState(STABLE) || group.isInState(COMPLETING_REBALANCE)) {
                shard.rebalance.maybePrepareRebalanceOrCompleteJoin(group, reason);
            } else if (group.isInState(PREPARING_REBALANCE)) {
                shard.rebalance.maybeCompleteJoinPhase(group);
            }
        }
        return new LeaveGroupResponse().setErrorCode(ErrorCode.NONE.code()).setMembers(responses);
    }

    private ErrorCode leaveOne(ClassicGroup group, MemberIdentity identity, List<String> left) {
        String memberId = identity.memberId() == null ? "" : identity.memberId();
        String instanceId = identity.groupInstanceId();
        String reason = identity.reason() == null ? "not provided" : identity.reason();
        if (memberId.isEmpty()) {
            // The admin path: remove a static member by its instance id alone.
            String current = group.staticMemberId(instanceId);
            if (current == null) {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
            memberId = current;
        } else if (group.isPendingMember(memberId)) {
            group.remove(memberId);
            shard.rebalance.cancelHeartbeat(group, memberId);
            LOG.info("Pending member {} left group {}; client reason: {}", memberId, group.groupId(), reason);
            left.add(memberId);
            return ErrorCode.NONE;
        } else {
            ErrorCode invalid = group.validateMember(memberId, instanceId);
            if (invalid != ErrorCode.NONE) {
                return invalid;
            }
        }
        LOG.info("Member {} left group {} through an explicit LeaveGroup; client reason: {}", memberId,
                group.groupId(), reason);
        shard.rebalance.removeMember(group, group.member(memberId));
        left.add(memberId);
        return ErrorCode.NONE;
    }
}
