package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.samsa.broker.group.GroupState.COMPLETING_REBALANCE;
import static io.samsa.broker.group.GroupState.DEAD;
import static io.samsa.broker.group.GroupState.EMPTY;
import static io.samsa.broker.group.GroupState.PREPARING_REBALANCE;
import static io.samsa.broker.group.GroupState.STABLE;

/**
 * The mechanics of a classic rebalance, shared by every operation that starts or advances one: the join phase
 * (with the initial delay for an empty group and the rebalance timeout), the sync barrier (members that never send
 * SyncGroup are removed after the rebalance timeout), handing out assignments, and the session timers that remove
 * silent members. Timers run on the shard's executor like requests (see {@link ShardTimer}).
 *
 * <p>Confined to the shard's executor.
 */
final class Rebalance {
    private static final Logger LOG = LoggerFactory.getLogger(Rebalance.class);

    private final GroupShard shard;

    Rebalance(GroupShard shard) {
        this.shard = shard;
    }

    // ---- the join phase ---------------------------------------------------------------------

    /** Starts a rebalance if the group may start one now, else tries to end the join phase already running. */
    void maybePrepareRebalanceOrCompleteJoin(ClassicGroup group, String reason) {
        if (group.canRebalance()) {
            prepareRebalance(group, reason);
        } else {
            maybeCompleteJoinPhase(group);
        }
    }

    /** Ends the join phase once everyone rejoined, unless it is an initial rebalance (only its timer ends it). */
    void maybeCompleteJoinPhase(ClassicGroup group) {
        if (group.isInState(PREPARING_REBALANCE) && group.hasAllMembersJoined() && group.previousState() != EMPTY) {
            completeJoin(group);
        }
    }

    /**
     * Moves the group to PreparingRebalance. Members parked in SyncGroup are told to rejoin. An empty group waits
     * {@code group.initial.rebalance.delay.ms} (longer while members keep arriving, up to the rebalance timeout) so
     * that consumers started together land in one generation; otherwise the phase ends when every member rejoined
     * or the rebalance timeout passed.
     */
    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.isInState(COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
        }
        removeSyncExpiration(group);
        boolean initial = group.isInState(EMPTY);
        if (initial) {
            int delayMs = shard.config().initialRebalanceDelayMs();
            int remainingMs = Math.max(group.rebalanceTimeoutMs() - delayMs, 0);
            shard.timer().schedule(ShardTimer.Key.join(group.groupId()), delayMs,
                    () -> completeInitialRebalance(group, delayMs, remainingMs));
        }
        group.transitionTo(PREPARING_REBALANCE);
        LOG.info("Preparing to rebalance group {} with old generation {} ({}-{}) (reason: {})", group.groupId(),
                group.generationId(), GroupConfig.OFFSETS_TOPIC, shard.partition(), reason);
        if (!initial) {
            if (group.hasAllMembersJoined()) {
                completeJoin(group);
            } else {
                shard.timer().schedule(ShardTimer.Key.join(group.groupId()), group.rebalanceTimeoutMs(),
                        () -> completeJoin(group));
            }
        }
    }

    private void completeInitialRebalance(ClassicGroup group, int delayMs, int remainingMs) {
        if (group.newMemberAdded() && remainingMs != 0) {
            group.setNewMemberAdded(false);
            int nextDelayMs = Math.min(shard.config().initialRebalanceDelayMs(), remainingMs);
            int nextRemainingMs = Math.max(remainingMs - delayMs, 0);
            shard.timer().schedule(ShardTimer.Key.join(group.groupId()), nextDelayMs,
                    () -> completeInitialRebalance(group, nextDelayMs, nextRemainingMs));
        } else {
            completeJoin(group);
        }
    }

    /**
     * Ends the join phase: dynamic members that did not rejoin are dropped (static ones keep their place), the next
     * generation starts with the protocol the members prefer, every parked JoinGroup is answered (the leader's with
     * the member list) and the sync barrier starts. With no members left the group becomes Empty.
     */
    void completeJoin(ClassicGroup group) {
        shard.timer().cancel(ShardTimer.Key.join(group.groupId()));
        if (!group.isInState(PREPARING_REBALANCE)) {
            return;
        }
        List<GroupMember> gone = group.notYetRejoinedMembers().stream().filter(m -> !m.isStatic()).toList();
        for (GroupMember member : gone) {
            group.remove(member.memberId());
            shard.timer().cancel(ShardTimer.Key.heartbeat(group.groupId(), member.memberId()));
        }
        if (!gone.isEmpty()) {
            LOG.info("Group {} removed dynamic members who did not rejoin: {}", group.groupId(),
                    gone.stream().map(GroupMember::memberId).toList());
        }
        if (!group.maybeElectNewJoinedLeader() && !group.isEmpty()) {
            LOG.error("Group {} could not complete rebalance because no members rejoined", group.groupId());
            shard.timer().schedule(ShardTimer.Key.join(group.groupId()), group.rebalanceTimeoutMs(),
                    () -> completeJoin(group));
            return;
        }
        group.initNextGeneration();
        if (group.isInState(EMPTY)) {
            LOG.info("Group {} with generation {} is now empty ({}-{})", group.groupId(), group.generationId(),
                    GroupConfig.OFFSETS_TOPIC, shard.partition());
            shard.storeGroup(group, Map.of()).thenAccept(error -> {
                if (error != ErrorCode.NONE) {
                    LOG.warn("Failed to write the empty metadata of group {}: {}", group.groupId(), error);
                }
            });
            return;
        }
        LOG.info("Stabilized group {} generation {} ({}-{}) with {} members", group.groupId(), group.generationId(),
                GroupConfig.OFFSETS_TOPIC, shard.partition(), group.size());
        for (GroupMember member : group.allMembers()) {
            group.completeJoin(member, GroupResponses.joined(group, member));
            rescheduleHeartbeat(group, member);
            member.setNew(false);
            group.addPendingSyncMember(member.memberId());
        }
        int generation = group.generationId();
        shard.timer().schedule(ShardTimer.Key.sync(group.groupId()), group.rebalanceTimeoutMs(),
                () -> expirePendingSync(group, generation));
    }

    // ---- the sync phase ---------------------------------------------------------------------

    private void removeSyncExpiration(ClassicGroup group) {
        group.clearPendingSyncMembers();
        shard.timer().cancel(ShardTimer.Key.sync(group.groupId()));
    }

    /** A member's SyncGroup arrived: it leaves the barrier, which stops its timer once everyone is through. */
    void removePendingSyncMember(ClassicGroup group, String memberId) {
        group.removePendingSyncMember(memberId);
        boolean syncing = group.isInState(COMPLETING_REBALANCE) || group.isInState(STABLE);
        if (!syncing || group.hasReceivedSyncFromAllMembers()) {
            shard.timer().cancel(ShardTimer.Key.sync(group.groupId()));
        }
    }

    private void expirePendingSync(ClassicGroup group, int generation) {
        if (generation != group.generationId()
                || !(group.isInState(COMPLETING_REBALANCE) || group.isInState(STABLE))
                || group.hasReceivedSyncFromAllMembers()) {
            return;
        }
        Set<String> pending = group.pendingSyncMembers();
        for (String memberId : pending) {
            GroupMember member = group.member(memberId);
            if (member != null) {
                group.completeSync(member, GroupResponses.syncError(ErrorCode.UNKNOWN_MEMBER_ID));
            }
            group.remove(memberId);
            shard.timer().cancel(ShardTimer.Key.heartbeat(group.groupId(), memberId));
        }
        LOG.info("Group {} removed members who did not send SyncGroup: {}", group.groupId(), pending);
        prepareRebalance(group, "removing " + pending + " on pending sync request expiration");
    }

    /** Clears every assignment and answers every parked SyncGroup with {@code error}. */
    void resetAndPropagateAssignmentError(ClassicGroup group, ErrorCode error) {
        group.allMembers().forEach(m -> m.setAssignment(GroupMember.EMPTY_ASSIGNMENT));
        propagateAssignment(group, error);
    }

    /** Hands each member its part of the leader's assignment (members the leader left out get an empty one). */
    void setAndPropagateAssignment(ClassicGroup group, Map<String, byte[]> assignments) {
        group.allMembers().forEach(m -> m.setAssignment(assignments.get(m.memberId())));
        propagateAssignment(group, ErrorCode.NONE);
    }

    /*
     * The session timer restarts for every member answered: a member parked in SyncGroup could not heartbeat, and
     * its timer may have fired (and been ignored) meanwhile.
     */
    private void propagateAssignment(ClassicGroup group, ErrorCode error) {
        for (GroupMember member : group.allMembers()) {
            var response = error == ErrorCode.NONE ? GroupResponses.synced(group, member)
                    : GroupResponses.syncError(error);
            if (group.completeSync(member, response)) {
                rescheduleHeartbeat(group, member);
            }
        }
    }

    // ---- sessions ---------------------------------------------------------------------------

    void rescheduleHeartbeat(ClassicGroup group, GroupMember member) {
        rescheduleHeartbeat(group, member.memberId(), member.sessionTimeoutMs());
    }

    /** (Re)starts the session timer of a member or a KIP-394 pending member. */
    void rescheduleHeartbeat(ClassicGroup group, String memberId, long timeoutMs) {
        shard.timer().schedule(ShardTimer.Key.heartbeat(group.groupId(), memberId), timeoutMs,
                () -> expireHeartbeat(group, memberId));
    }

    void cancelHeartbeat(ClassicGroup group, String memberId) {
        shard.timer().cancel(ShardTimer.Key.heartbeat(group.groupId(), memberId));
    }

    private void expireHeartbeat(ClassicGroup group, String memberId) {
        if (group.isInState(DEAD)) {
            return;
        }
        if (group.isPendingMember(memberId)) {
            LOG.info("Pending member {} in group {} has been removed after session timeout expiration", memberId,
                    group.groupId());
            removePendingMember(group, memberId);
            return;
        }
        GroupMember member = group.member(memberId);
        if (member != null && !member.survivesSessionExpiry()) {
            LOG.info("Member {} in group {} has failed (session timeout), removing it from the group", memberId,
                    group.groupId());
            removeMemberAndUpdateGroup(group, member, "removing member " + memberId + " on heartbeat expiration");
        }
    }

    /**
     * Removes a member and moves the rebalance on. A parked JoinGroup or SyncGroup of the member is answered
     * {@code UNKNOWN_MEMBER_ID}, so a client that is still alive rejoins.
     */
    void removeMemberAndUpdateGroup(ClassicGroup group, GroupMember member, String reason) {
        removeMember(group, member);
        if (group.isInState(STABLE) || group.isInState(COMPLETING_REBALANCE)) {
            maybePrepareRebalanceOrCompleteJoin(group, reason);
        } else if (group.isInState(PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    /** Removes a member without moving the rebalance on (the caller does, once for a batch). */
    void removeMember(ClassicGroup group, GroupMember member) {
        cancelHeartbeat(group, member.memberId());
        group.completeJoin(member, GroupResponses.joinError("", ErrorCode.UNKNOWN_MEMBER_ID));
        group.completeSync(member, GroupResponses.syncError(ErrorCode.UNKNOWN_MEMBER_ID));
        group.remove(member.memberId());
    }

    void removePendingMember(ClassicGroup group, String memberId) {
        group.remove(memberId);
        if (group.isInState(PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }
}
