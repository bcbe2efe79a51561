package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.SyncGroupRequest;
import io.samsa.protocol.message.SyncGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.samsa.broker.group.GroupState.COMPLETING_REBALANCE;
import static io.samsa.broker.group.GroupState.DEAD;

/**
 * SyncGroup: followers park until the leader's assignment arrives; the leader's assignment is written to the
 * group's partition first, and only once it is committed does the group become Stable and every member receive its
 * part (members the leader left out get an empty assignment). In Stable a member simply gets its assignment again.
 *
 * <p>Confined to the shard's executor.
 */
final class GroupSync {
    private static final Logger LOG = LoggerFactory.getLogger(GroupSync.class);

    private final GroupShard shard;

    GroupSync(GroupShard shard) {
        this.shard = shard;
    }

    CompletableFuture<SyncGroupResponse> sync(SyncGroupRequest request) {
        CompletableFuture<SyncGroupResponse> future = new CompletableFuture<>();
        ClassicGroup group = shard.group(request.groupId());
        ErrorCode invalid = group == null ? ErrorCode.UNKNOWN_MEMBER_ID : validate(group, request);
        if (invalid != ErrorCode.NONE) {
            future.complete(GroupResponses.syncError(invalid));
            return future;
        }
        GroupMember member = group.member(request.memberId());
        switch (group.state()) {
            case EMPTY -> future.complete(GroupResponses.syncError(ErrorCode.UNKNOWN_MEMBER_ID));
            case PREPARING_REBALANCE -> future.complete(GroupResponses.syncError(ErrorCode.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                if (member.isAwaitingSync()) {
                    group.completeSync(member, GroupResponses.syncError(ErrorCode.REBALANCE_IN_PROGRESS));
                }
                member.setAwaitingSync(future);
                shard.rebalance.removePendingSyncMember(group, member.memberId());
                if (group.isLeader(member.memberId())) {
                    storeAssignment(group, request);
                }
            }
            case STABLE -> {
                shard.rebalance.removePendingSyncMember(group, member.memberId());
                shard.rebalance.rescheduleHeartbeat(group, member);
                future.complete(GroupResponses.synced(group, member));
            }
            default -> future.complete(GroupResponses.syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
        }
        return future;
    }

    private static ErrorCode validate(ClassicGroup group, SyncGroupRequest request) {
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
        // KIP-559 (v5+): the client names the type and protocol it believes the group uses.
        if (inconsistent(request.protocolType(), group.protocolType())
                || inconsistent(request.protocolName(), group.protocolName())) {
            return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
        }
        return ErrorCode.NONE;
    }

    private static boolean inconsistent(String requested, String actual) {
        return requested != null && actual != null && !requested.equals(actual);
    }

    private void storeAssignment(ClassicGroup group, SyncGroupRequest request) {
        LOG.info("Assignment received from leader {} for group {} for generation {}; the group has {} members",
                request.memberId(), group.groupId(), group.generationId(), group.size());
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        List<String> missing = group.allMembers().stream().map(GroupMember::memberId)
                .filter(id -> !assignments.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            LOG.warn("Setting empty assignments for members {} of group {} for generation {}", missing,
                    group.groupId(), group.generationId());
            missing.forEach(id -> assignments.put(id, GroupMember.EMPTY_ASSIGNMENT));
        }
        int generation = group.generationId();
        shard.storeGroup(group, assignments).thenAccept(error -> {
            // Members may have joined or left while the record was written: act only on the same generation.
            if (!group.isInState(COMPLETING_REBALANCE) || generation != group.generationId()) {
                return;
            }
            if (error != ErrorCode.NONE) {
                shard.rebalance.resetAndPropagateAssignmentError(group, error);
                shard.rebalance.maybePrepareRebalanceOrCompleteJoin(group,
                        "error " + error + " when storing the assignment of leader " + request.memberId());
            } else {
                shard.rebalance.setAndPropagateAssignment(group, assignments);
                group.transitionTo(GroupState.STABLE);
            }
        });
    }
}
