package io.samsa.raft;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * An ordered, durable log of opaque entries driving one {@link ReplicatedStateMachine}: a Ratis group
 * ({@link RaftNode#joinGroup}) or, for a one-voter node, a {@link LocalJournal}. Thread-safe.
 */
public interface ReplicatedLog extends AutoCloseable {

    /**
     * Appends an entry. The future completes once the entry is committed and applied by the leader's state machine,
     * or fails with {@link RaftUnavailableException} when no leader accepted it in time. On a follower the entry is
     * forwarded to the leader; the local state machine applies it a little later (see {@link #appliedIndex()}).
     */
    CompletableFuture<Commit> submit(byte[] entry);

    /** True when this node leads the log, so that its writes are accepted without forwarding. */
    boolean isLeader();

    /** The current leader's node id, if known. */
    OptionalInt leaderId();

    /** The current term (leader epoch) as seen by this node. */
    long term();

    /** The index of the last entry applied to the local state machine. */
    long appliedIndex();

    /** Registers a listener and calls it at once with the current leader. */
    void addLeaderListener(LeaderListener listener);

    /** Stops accepting entries; pending submits fail. Does not close the underlying {@link RaftNode}. */
    @Override
    void close();
}
