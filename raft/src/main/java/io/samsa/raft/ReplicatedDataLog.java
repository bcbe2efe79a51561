package io.samsa.raft;

import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The log of a data group ({@link RaftNode#joinDataGroup}): entries of a small header plus bulk data, driving a
 * {@link ReplicatedDataStateMachine} on every member. Unlike {@link ReplicatedLog}, a submit is never forwarded: only
 * the leader accepts writes, and elsewhere the caller is told who leads. Thread-safe.
 */
public interface ReplicatedDataLog extends AutoCloseable {

    UUID groupId();

    /**
     * Appends an entry in-process on this node, which must lead the group. The future completes once the entry is
     * committed and applied here; it fails with {@link NotLeaderException} when this node does not lead (nothing
     * written) and with {@link RaftUnavailableException} when leadership was lost after the entry was appended (it may
     * or may not commit later).
     *
     * @param header  small, kept in the Raft log
     * @param data    bulk, handed to {@link ReplicatedDataStateMachine#write}; must not be empty; the log keeps a
     *                reference until the entry is applied, so the caller must not modify it
     * @param context handed to this node's {@code write} and {@code apply} of the entry
     */
    CompletableFuture<Commit> submit(byte[] header, byte[] data, Object context);

    /** True when this node leads the group and has applied every entry of earlier terms (Ratis' leader-ready). */
    boolean isLeader();

    /** The leader as this node knows it. */
    OptionalInt leaderId();

    /** The current term: the leader epoch of every partition in the group. */
    long term();

    /** The group's voting members as of the latest configuration this node knows. */
    List<Integer> members();

    /**
     * Replaces the group's voting members and their leader priorities (this node must lead). New members must have
     * joined the group empty first ({@link RaftNode#joinDataGroup} with a list that does not name them); they catch up
     * by copying the leader's state. Fails with {@link NotLeaderException} elsewhere and with
     * {@link RaftUnavailableException} when the change did not complete (it may have, partly: ask {@link #members}).
     */
    CompletableFuture<Void> setMembers(List<DataGroupMember> members);

    /**
     * Takes a checkpoint now, so that a member added next gets the group's state (not only its log) installed. Any
     * member may; completes with the newest checkpoint's index.
     */
    CompletableFuture<Long> checkpoint();

    /**
     * Tells {@code listener} of each change of leader or term, and of this node becoming leader-ready, at once with
     * the current state. Called on Ratis threads: must return quickly.
     */
    void addLeaderListener(LeaderListener listener);

    /** Stops accepting submits. Does not close the {@link RaftNode}. */
    @Override
    void close();
}
