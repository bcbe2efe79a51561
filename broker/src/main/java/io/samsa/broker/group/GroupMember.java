package io.samsa.broker.group;

import io.samsa.protocol.message.JoinGroupResponse;
import io.samsa.protocol.message.SyncGroupResponse;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a {@link ClassicGroup}: who it is, what it supports, its assignment, and the JoinGroup or SyncGroup
 * response it is waiting for (parked as an incomplete future until the rebalance reaches it).
 *
 * <p>Confined to its group's shard executor, like the group.
 */
final class GroupMember {
    static final byte[] EMPTY_ASSIGNMENT = new byte[0];

    private final String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private final String protocolType;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private List<MemberProtocol> protocols;
    private byte[] assignment = EMPTY_ASSIGNMENT;
    private CompletableFuture<JoinGroupResponse> awaitingJoin;
    private CompletableFuture<SyncGroupResponse> awaitingSync;
    private boolean isNew;

    GroupMember(String memberId, String groupInstanceId, String clientId, String clientHost, int rebalanceTimeoutMs,
                int sessionTimeoutMs, String protocolType, List<MemberProtocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.protocols = List.copyOf(protocols);
    }

    /** The same member under a new member id (a static member that restarted), keeping its assignment. */
    GroupMember withMemberId(String newMemberId) {
        GroupMember copy = new GroupMember(newMemberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs,
                sessionTimeoutMs, protocolType, protocols);
        copy.assignment = assignment;
        return copy;
    }

    String memberId() {
        return memberId;
    }

    /** The static member's {@code group.instance.id} (KIP-345), or null for a dynamic member. */
    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    String protocolType() {
        return protocolType;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    List<MemberProtocol> protocols() {
        return protocols;
    }

    void update(List<MemberProtocol> newProtocols, int newRebalanceTimeoutMs, int newSessionTimeoutMs) {
        this.protocols = List.copyOf(newProtocols);
        this.rebalanceTimeoutMs = newRebalanceTimeoutMs;
        this.sessionTimeoutMs = newSessionTimeoutMs;
    }

    /** The metadata the member sent for {@code protocolName}, or null if it does not support it. */
    byte[] metadata(String protocolName) {
        for (MemberProtocol protocol : protocols) {
            if (protocol.name().equals(protocolName)) {
                return protocol.metadata();
            }
        }
        return null;
    }

    /** The member's most preferred protocol among {@code candidates} (its own order is its preference). */
    String vote(Set<String> candidates) {
        for (MemberProtocol protocol : protocols) {
            if (candidates.contains(protocol.name())) {
                return protocol.name();
            }
        }
        throw new IllegalStateException("member " + memberId + " supports none of " + candidates);
    }

    /** True if the member rejoined with exactly the protocols it had (no reason to rebalance). */
    boolean matches(List<MemberProtocol> other) {
        return protocols.equals(other);
    }

    byte[] assignment() {
        return assignment;
    }

    void setAssignment(byte[] newAssignment) {
        this.assignment = newAssignment == null ? EMPTY_ASSIGNMENT : newAssignment;
    }

    CompletableFuture<JoinGroupResponse> awaitingJoin() {
        return awaitingJoin;
    }

    void setAwaitingJoin(CompletableFuture<JoinGroupResponse> future) {
        this.awaitingJoin = future;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    CompletableFuture<SyncGroupResponse> awaitingSync() {
        return awaitingSync;
    }

    void setAwaitingSync(CompletableFuture<SyncGroupResponse> future) {
        this.awaitingSync = future;
    }

    boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    /** A member added in the current join phase that has not yet received its first JoinGroup response. */
    boolean isNew() {
        return isNew;
    }

    void setNew(boolean value) {
        this.isNew = value;
    }

    /**
     * Whether the member may outlive an expired session timer: a member parked in JoinGroup or SyncGroup cannot
     * heartbeat (the client waits for the response), so it is kept, unless it is new, whose parked join is dropped
     * after {@link GroupConfig#newMemberJoinTimeoutMs()}.
     */
    boolean survivesSessionExpiry() {
        return !isNew && (isAwaitingJoin() || isAwaitingSync());
    }

    @Override
    public String toString() {
        return "GroupMember(" + memberId + (groupInstanceId == null ? "" : ", instance " + groupInstanceId) + ")";
    }
}
