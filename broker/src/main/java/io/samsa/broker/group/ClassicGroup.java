package io.samsa.broker.group;

import io.samsa.broker.common.Time;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupResponse;
import io.samsa.protocol.message.JoinGroupResponse.JoinGroupResponseMember;
import io.samsa.protocol.message.SyncGroupResponse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A group of the classic protocol (JoinGroup/SyncGroup): its state, generation, selected protocol, leader and
 * members, and the bookkeeping a rebalance needs (who is awaiting a join response, who has not synced yet, which
 * protocols every member supports). It holds no timers and writes nothing; the shard's operations do.
 *
 * <p>Confined to the executor of the shard that owns its {@code __consumer_offsets} partition.
 */
final class ClassicGroup {
    private final String groupId;
    private final Time time;
    private final Map<String, GroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Set<String> pendingJoinMembers = new HashSet<>();
    private final Set<String> pendingSyncMembers = new HashSet<>();
    private final GroupProtocols protocols = new GroupProtocols();
    private GroupState state;
    private GroupState previousState;
    private long currentStateTimestamp;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private int numAwaitingJoin;
    private boolean newMemberAdded;
    private Set<String> subscribedTopics;

    ClassicGroup(String groupId, Time time) {
        this(groupId, time, GroupState.EMPTY, 0, null, null, null, time.milliseconds());
    }

    /** A group as its last GroupMetadata record describes it (members are added after). */
    ClassicGroup(String groupId, Time time, GroupState state, int generationId, String protocolType,
                 String protocolName, String leaderId, long currentStateTimestamp) {
        this.groupId = groupId;
        this.time = time;
        this.state = state;
        this.previousState = state;
        this.generationId = generationId;
        this.protocolType = protocolType == null || protocolType.isEmpty() ? null : protocolType;
        this.protocolName = protocolName;
        this.leaderId = leaderId;
        this.currentStateTimestamp = currentStateTimestamp;
    }

    String groupId() {
        return groupId;
    }

    GroupState state() {
        return state;
    }

    GroupState previousState() {
        return previousState;
    }

    boolean isInState(GroupState s) {
        return state == s;
    }

    /** When the group entered its state (wall clock ms), or -1 if unknown (records of old Kafka versions). */
    long currentStateTimestamp() {
        return currentStateTimestamp;
    }

    int generationId() {
        return generationId;
    }

    /** The protocol type ({@code consumer}, {@code connect}...), or null for a group that only stores offsets. */
    String protocolType() {
        return protocolType;
    }

    /** The protocol selected for the current generation, or null. */
    String protocolName() {
        return protocolName;
    }

    String leaderId() {
        return leaderId;
    }

    /** Restores the leader a GroupMetadata record names (it must be a member). */
    void setLeader(String memberId) {
        if (!members.containsKey(memberId)) {
            throw new IllegalArgumentException(memberId + " is not a member of " + groupId);
        }
        leaderId = memberId;
    }

    boolean isLeader(String memberId) {
        return memberId != null && memberId.equals(leaderId);
    }

    void transitionTo(GroupState next) {
        if (!next.validPreviousStates().contains(state)) {
            throw new IllegalStateException("group " + groupId + " cannot go from " + state + " to " + next);
        }
        previousState = state;
        state = next;
        currentStateTimestamp = time.milliseconds();
    }

    /** Whether a rebalance may start now (Stable, CompletingRebalance or Empty). */
    boolean canRebalance() {
        return GroupState.PREPARING_REBALANCE.validPreviousStates().contains(state);
    }

    // ---- members ---------------------------------------------------------------------------

    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    GroupMember member(String memberId) {
        return members.get(memberId);
    }

    Collection<GroupMember> allMembers() {
        return members.values();
    }

    /** The member id currently holding {@code groupInstanceId}, or null. */
    String staticMemberId(String groupInstanceId) {
        return groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
    }

    int numAwaitingJoin() {
        return numAwaitingJoin;
    }

    /** Adds a member parked on {@code joinFuture} (null for a member restored from the log). */
    void add(GroupMember member, CompletableFuture<JoinGroupResponse> joinFuture) {
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (members.isEmpty()) {
            protocolType = member.protocolType();
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
        members.put(member.memberId(), member);
        protocols.add(member.protocols());
        member.setAwaitingJoin(joinFuture);
        if (joinFuture != null) {
            numAwaitingJoin++;
        }
        pendingJoinMembers.remove(member.memberId());
    }

    /** Removes a member or a pending member; a departing leader hands over to the next member. */
    void remove(String memberId) {
        GroupMember removed = members.remove(memberId);
        if (removed != null) {
            protocols.remove(removed.protocols());
            if (removed.isAwaitingJoin()) {
                numAwaitingJoin--;
            }
            if (removed.isStatic()) {
                staticMembers.remove(removed.groupInstanceId());
            }
        }
        if (isLeader(memberId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        pendingJoinMembers.remove(memberId);
        pendingSyncMembers.remove(memberId);
    }

    /** Changes what a member supports and parks it on {@code joinFuture} (null: not waiting). */
    void updateMember(GroupMember member, List<MemberProtocol> newProtocols, int rebalanceTimeoutMs,
                      int sessionTimeoutMs, CompletableFuture<JoinGroupResponse> joinFuture) {
        protocols.remove(member.protocols());
        member.update(newProtocols, rebalanceTimeoutMs, sessionTimeoutMs);
        protocols.add(member.protocols());
        if (joinFuture != null && !member.isAwaitingJoin()) {
            numAwaitingJoin++;
        } else if (joinFuture == null && member.isAwaitingJoin()) {
            numAwaitingJoin--;
        }
        member.setAwaitingJoin(joinFuture);
    }

    /**
     * KIP-345: a static member that restarted takes over its instance id under a new member id. Whatever the old
     * incarnation still waits for is answered {@code FENCED_INSTANCE_ID}, so two processes never share an identity.
     */
    GroupMember replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
        GroupMember old = members.remove(oldMemberId);
        if (old == null) {
            throw new IllegalArgumentException("no member " + oldMemberId + " in group " + groupId);
        }
        completeJoin(old, GroupResponses.joinError(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
        completeSync(old, GroupResponses.syncError(ErrorCode.FENCED_INSTANCE_ID));
        GroupMember replacement = old.withMemberId(newMemberId);
        members.put(newMemberId, replacement);
        if (isLeader(oldMemberId)) {
            leaderId = newMemberId;
        }
        staticMembers.put(groupInstanceId, newMemberId);
        pendingSyncMembers.remove(oldMemberId);
        return replacement;
    }

    /** Answers a parked JoinGroup; false if the member was not waiting. */
    boolean completeJoin(GroupMember member, JoinGroupResponse response) {
        CompletableFuture<JoinGroupResponse> future = member.awaitingJoin();
        if (future == null) {
            return false;
        }
        member.setAwaitingJoin(null);
        numAwaitingJoin--;
        future.complete(response);
        return true;
    }

    /** Answers a parked SyncGroup; false if the member was not waiting. */
    boolean completeSync(GroupMember member, SyncGroupResponse response) {
        CompletableFuture<SyncGroupResponse> future = member.awaitingSync();
        if (future == null) {
            return false;
        }
        member.setAwaitingSync(null);
        future.complete(response);
        return true;
    }

    // ---- KIP-394 pending members and the sync barrier ------------------------------------

    void addPendingMember(String memberId) {
        pendingJoinMembers.add(memberId);
    }

    boolean isPendingMember(String memberId) {
        return pendingJoinMembers.contains(memberId);
    }

    void addPendingSyncMember(String memberId) {
        pendingSyncMembers.add(memberId);
    }

    void removePendingSyncMember(String memberId) {
        pendingSyncMembers.remove(memberId);
    }

    Set<String> pendingSyncMembers() {
        return Set.copyOf(pendingSyncMembers);
    }

    boolean hasReceivedSyncFromAllMembers() {
        return pendingSyncMembers.isEmpty();
    }

    void clearPendingSyncMembers() {
        pendingSyncMembers.clear();
    }

    boolean newMemberAdded() {
        return newMemberAdded;
    }

    void setNewMemberAdded(boolean value) {
        newMemberAdded = value;
    }

    // ---- the join phase ---------------------------------------------------------------------

    /** Every member has rejoined and no KIP-394 member is still on its way. */
    boolean hasAllMembersJoined() {
        return members.size() == numAwaitingJoin && pendingJoinMembers.isEmpty();
    }

    List<GroupMember> notYetRejoinedMembers() {
        return members.values().stream().filter(m -> !m.isAwaitingJoin()).toList();
    }

    /** The largest rebalance timeout of the members: how long the join phase may last. */
    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(GroupMember::rebalanceTimeoutMs).max().orElse(0);
    }

    /**
     * Makes sure the leader is a member that rejoined, electing one if the old leader did not.
     *
     * @return false if no member rejoined at all
     */
    boolean maybeElectNewJoinedLeader() {
        if (leaderId == null) {
            return false;
        }
        GroupMember leader = members.get(leaderId);
        if (leader != null && leader.isAwaitingJoin()) {
            return true;
        }
        Optional<GroupMember> joined = members.values().stream().filter(GroupMember::isAwaitingJoin).findFirst();
        joined.ifPresent(m -> leaderId = m.memberId());
        return joined.isPresent();
    }

    /** Starts the next generation: CompletingRebalance with the protocol most members prefer, or Empty. */
    void initNextGeneration() {
        generationId++;
        if (!members.isEmpty()) {
            protocolName = selectProtocol();
            subscribedTopics = computeSubscribedTopics();
            transitionTo(GroupState.COMPLETING_REBALANCE);
        } else {
            protocolName = null;
            subscribedTopics = computeSubscribedTopics();
            transitionTo(GroupState.EMPTY);
        }
        pendingSyncMembers.clear();
    }

    /** Protocols every member supports. */
    Set<String> candidateProtocols() {
        return protocols.candidates(members.size());
    }

    /** Each member votes for its preferred candidate; the most votes win. */
    String selectProtocol() {
        return protocols.select(members.values());
    }

    /** Whether a member with these protocols may join: same type, and at least one protocol all others support. */
    boolean supportsProtocols(String memberProtocolType, List<MemberProtocol> memberProtocols) {
        if (isInState(GroupState.EMPTY)) {
            return memberProtocolType != null && !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        return memberProtocolType != null && memberProtocolType.equals(protocolType)
                && protocols.anySupportedByAll(memberProtocols, members.size());
    }

    /** The members list the leader's JoinGroup response carries: ids and metadata for the selected protocol. */
    List<JoinGroupResponseMember> leaderMembersView() {
        List<JoinGroupResponseMember> view = new ArrayList<>(members.size());
        for (GroupMember member : members.values()) {
            view.add(new JoinGroupResponseMember().setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId()).setMetadata(member.metadata(protocolName)));
        }
        return view;
    }

    /** Every member's current assignment. */
    Map<String, byte[]> assignments() {
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        members.values().forEach(m -> assignments.put(m.memberId(), m.assignment()));
        return assignments;
    }

    /**
     * Checks that {@code memberId} is a member and, for a static member, the current holder of its instance id.
     *
     * @return NONE, UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID
     */
    ErrorCode validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = staticMembers.get(groupInstanceId);
            if (current == null) {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
            if (!current.equals(memberId)) {
                return ErrorCode.FENCED_INSTANCE_ID;
            }
        }
        return members.containsKey(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }

    // ---- subscriptions ----------------------------------------------------------------------

    void refreshSubscribedTopics() {
        subscribedTopics = computeSubscribedTopics();
    }

    /**
     * Whether a live member may still read {@code topic}'s offsets. Unknown subscriptions (a non-consumer protocol,
     * or metadata that does not parse) count as subscribed to everything, so nothing is deleted under a member.
     */
    boolean isSubscribedToTopic(String topic) {
        return subscribedTopics == null || subscribedTopics.contains(topic);
    }

    /** True when the subscriptions are known (a {@code consumer} group whose members' metadata parsed). */
    boolean knowsSubscriptions() {
        return subscribedTopics != null;
    }

    private Set<String> computeSubscribedTopics() {
        return GroupProtocols.subscribedTopics(protocolType, protocolName, members.values());
    }

    @Override
    public String toString() {
        return "ClassicGroup(" + groupId + ", " + state + ", generation " + generationId + ", " + members.size()
                + " members)";
    }
}
