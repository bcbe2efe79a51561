package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupRequest;
import io.samsa.protocol.message.JoinGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.samsa.broker.group.GroupState.COMPLETING_REBALANCE;
import static io.samsa.broker.group.GroupState.DEAD;
import static io.samsa.broker.group.GroupState.PREPARING_REBALANCE;
import static io.samsa.broker.group.GroupState.STABLE;

/**
 * JoinGroup: new members (KIP-394's two-step join from v4, where the first request only obtains a member id),
 * existing members rejoining, and static members (KIP-345) that restart under a new member id and, while the group
 * is Stable and the selected protocol stays the same, get their old assignment back without a rebalance. The
 * response of a member that starts or waits for a rebalance is parked until the join phase ends.
 *
 * <p>Confined to the shard's executor.
 */
final class GroupJoin {
    private static final Logger LOG = LoggerFactory.getLogger(GroupJoin.class);

    private final GroupShard shard;

    GroupJoin(GroupShard shard) {
        this.shard = shard;
    }

    private Rebalance rebalance() {
        return shard.rebalance;
    }

    CompletableFuture<JoinGroupResponse> join(RequestInfo info, JoinGroupRequest request) {
        CompletableFuture<JoinGroupResponse> future = new CompletableFuture<>();
        String memberId = request.memberId() == null ? "" : request.memberId();
        GroupConfig config = shard.config();
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            future.complete(GroupResponses.joinError(memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
            return future;
        }
        boolean isUnknownMember = memberId.isEmpty();
        ClassicGroup group = shard.group(request.groupId());
        if (group == null) {
            if (!isUnknownMember) {
                future.complete(GroupResponses.joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
                return future;
            }
            group = shard.createGroup(request.groupId());
        }
        if (!group.state().acceptsJoiningMember(group, memberId, config.maxSize())) {
            group.remove(memberId);
            future.complete(GroupResponses.joinError("", ErrorCode.GROUP_MAX_SIZE_REACHED));
        } else if (isUnknownMember) {
            joinNewMember(info, request, group, future);
        } else {
            joinExistingMember(info, request, group, future);
        }
        return future;
    }

    private void joinNewMember(RequestInfo info, JoinGroupRequest request, ClassicGroup group,
                               CompletableFuture<JoinGroupResponse> future) {
        List<MemberProtocol> protocols = protocols(request);
        if (group.isInState(DEAD)) {
            future.complete(GroupResponses.joinError("", ErrorCode.COORDINATOR_NOT_AVAILABLE));
        } else if (!group.supportsProtocols(request.protocolType(), protocols)) {
            future.complete(GroupResponses.joinError("", ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
        } else {
            String instanceId = request.groupInstanceId();
            String newMemberId = (instanceId != null ? instanceId : info.clientId()) + "-" + UUID.randomUUID();
            if (instanceId != null) {
                String existing = group.staticMemberId(instanceId);
                if (existing != null) {
                    LOG.info("Static member {} of group {} rejoins with an unknown member id in state {}; replacing "
                            + "member {} with {}", instanceId, group.groupId(), group.state(), existing, newMemberId);
                    replaceStaticMember(info, request, group, existing, newMemberId, future);
                } else {
                    addMemberThenRebalance(info, request, group, newMemberId, future);
                }
            } else if (info.apiVersion() >= 4) {
                // KIP-394: the member gets an id first and must rejoin with it within its session timeout.
                group.addPendingMember(newMemberId);
                rebalance().rescheduleHeartbeat(group, newMemberId, request.sessionTimeoutMs());
                future.complete(GroupResponses.joinError(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
            } else {
                addMemberThenRebalance(info, request, group, newMemberId, future);
            }
        }
    }

    private void joinExistingMember(RequestInfo info, JoinGroupRequest request, ClassicGroup group,
                                    CompletableFuture<JoinGroupResponse> future) {
        String memberId = request.memberId();
        List<MemberProtocol> protocols = protocols(request);
        if (group.isInState(DEAD)) {
            future.complete(GroupResponses.joinError(memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
        } else if (!group.supportsProtocols(request.protocolType(), protocols)) {
            future.complete(GroupResponses.joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
        } else if (group.isPendingMember(memberId)) {
            if (request.groupInstanceId() != null) {
                // A pending member id is only ever handed to dynamic members.
                future.complete(GroupResponses.joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
            } else {
                addMemberThenRebalance(info, request, group, memberId, future);
            }
        } else {
            ErrorCode invalid = group.validateMember(memberId, request.groupInstanceId());
            if (invalid != ErrorCode.NONE) {
                future.complete(GroupResponses.joinError(memberId, invalid));
            } else {
                rejoin(request, group, group.member(memberId), protocols, future);
            }
        }
    }

    private void rejoin(JoinGroupRequest request, ClassicGroup group, GroupMember member,
                        List<MemberProtocol> protocols, CompletableFuture<JoinGroupResponse> future) {
        String memberId = member.memberId();
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberThenRebalance(request, group, member, protocols,
                    "member " + memberId + " is joining group during PreparingRebalance", future);
            case COMPLETING_REBALANCE -> {
                if (member.matches(protocols)) {
                    // Probably a retry of a join whose response was lost: answer with the current generation.
                    future.complete(GroupResponses.joined(group, member));
                } else {
                    updateMemberThenRebalance(request, group, member, protocols,
                            "updating metadata for member " + memberId + " during CompletingRebalance", future);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.matches(protocols)) {
                    // A rejoining leader forces a rebalance: that is how it reacts to metadata changes (new
                    // partitions, a new topic matching its pattern) that leave its own metadata unchanged.
                    updateMemberThenRebalance(request, group, member, protocols,
                            (group.isLeader(memberId) ? "leader " : "updating metadata for member ") + memberId
                                    + " re-joining group during Stable", future);
                } else {
                    future.complete(GroupResponses.current(group, memberId, group.leaderId(), List.of(), false));
                }
            }
            default -> future.complete(GroupResponses.joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
        }
    }

    private void addMemberThenRebalance(RequestInfo info, JoinGroupRequest request, ClassicGroup group,
                                        String memberId, CompletableFuture<JoinGroupResponse> future) {
        GroupMember member = new GroupMember(memberId, request.groupInstanceId(), info.clientId(), info.clientHost(),
                rebalanceTimeoutMs(request), request.sessionTimeoutMs(), request.protocolType(), protocols(request));
        member.setNew(true);
        if (group.isInState(PREPARING_REBALANCE) && group.previousState() == GroupState.EMPTY) {
            group.setNewMemberAdded(true);   // extends the initial rebalance delay
        }
        group.add(member, future);
        // Its socket is muted while the join is parked, so no heartbeat can prove it alive: bound the wait instead.
        rebalance().rescheduleHeartbeat(group, memberId, shard.config().newMemberJoinTimeoutMs());
        rebalance().maybePrepareRebalanceOrCompleteJoin(group, "adding new member " + memberId
                + (member.isStatic() ? " with group instance id " + member.groupInstanceId() : ""));
    }

    private void updateMemberThenRebalance(JoinGroupRequest request, ClassicGroup group, GroupMember member,
                                           List<MemberProtocol> protocols, String reason,
                                           CompletableFuture<JoinGroupResponse> future) {
        displaceParkedJoin(group, member);
        group.updateMember(member, protocols, rebalanceTimeoutMs(request), request.sessionTimeoutMs(), future);
        rebalance().maybePrepareRebalanceOrCompleteJoin(group, reason);
    }

    /**
     * KIP-345: a static member restarted. In Stable, if the selected protocol would not change, the new member id
     * takes the old one's place and assignment without a rebalance (after the group record is written); the leader
     * learns it leads (v9+, KIP-814 {@code skipAssignment}) but must not reassign. Otherwise a rebalance starts.
     */
    private void replaceStaticMember(RequestInfo info, JoinGroupRequest request, ClassicGroup group,
                                     String oldMemberId, String newMemberId,
                                     CompletableFuture<JoinGroupResponse> future) {
        String previousLeader = group.leaderId();
        GroupMember member = group.replaceStaticMember(request.groupInstanceId(), oldMemberId, newMemberId);
        rebalance().cancelHeartbeat(group, oldMemberId);
        rebalance().rescheduleHeartbeat(group, member);
        List<MemberProtocol> oldProtocols = member.protocols();
        int oldRebalanceTimeoutMs = member.rebalanceTimeoutMs();
        int oldSessionTimeoutMs = member.sessionTimeoutMs();
        group.updateMember(member, protocols(request), rebalanceTimeoutMs(request), request.sessionTimeoutMs(),
                future);
        String reason = "static member " + request.groupInstanceId() + " rejoined as " + newMemberId;
        if (group.isInState(STABLE)) {
            if (!group.selectProtocol().equals(group.protocolName())) {
                rebalance().maybePrepareRebalanceOrCompleteJoin(group, reason + " with a change of protocol");
                return;
            }
            shard.storeGroup(group, group.assignments()).thenAccept(error -> {
                if (error != ErrorCode.NONE) {
                    LOG.warn("Could not store static member {} of group {} ({}); reverting to member id {}",
                            request.groupInstanceId(), group.groupId(), error, oldMemberId);
                    group.updateMember(member, oldProtocols, oldRebalanceTimeoutMs, oldSessionTimeoutMs, null);
                    GroupMember reverted = group.replaceStaticMember(request.groupInstanceId(), newMemberId,
                            oldMemberId);
                    rebalance().cancelHeartbeat(group, newMemberId);
                    rebalance().rescheduleHeartbeat(group, reverted);
                    future.complete(GroupResponses.joinError("", error));
                } else if (info.apiVersion() >= 9) {
                    boolean leader = group.isLeader(newMemberId);
                    group.completeJoin(member, GroupResponses.current(group, newMemberId, group.leaderId(),
                            leader ? group.leaderMembersView() : List.of(), leader));
                } else {
                    // Before v9 the old leader id is returned, so a restarted leader does not compute an
                    // assignment that a Stable group would never hand out.
                    group.completeJoin(member, GroupResponses.current(group, newMemberId, previousLeader, List.of(),
                            false));
                }
            });
        } else if (group.isInState(COMPLETING_REBALANCE)) {
            // The leader may already be assigning to the old member id: start over.
            rebalance().prepareRebalance(group, reason + " during CompletingRebalance");
        } else {
            rebalance().maybeCompleteJoinPhase(group);
        }
    }

    /*
     * A member that joins again while its previous join is still parked (a client that timed out and retried on a
     * new connection) replaces it; the old response slot is answered so that no connection waits on it forever.
     */
    private static void displaceParkedJoin(ClassicGroup group, GroupMember member) {
        if (member.isAwaitingJoin()) {
            group.completeJoin(member, GroupResponses.joinError(member.memberId(), ErrorCode.REBALANCE_IN_PROGRESS));
        }
    }

    /** JoinGroup v0 has no rebalance timeout: the session timeout stands in for it, as in Kafka. */
    private static int rebalanceTimeoutMs(JoinGroupRequest request) {
        return request.rebalanceTimeoutMs() < 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
    }

    private static List<MemberProtocol> protocols(JoinGroupRequest request) {
        List<MemberProtocol> protocols = new ArrayList<>(request.protocols().size());
        request.protocols().forEach(p -> protocols.add(new MemberProtocol(p.name(), p.metadata())));
        return protocols;
    }
}
