package io.samsa.raft;

import java.util.OptionalInt;

/**
 * Told when a replicated log's leader changes. Called on a Ratis (or journal) thread: return quickly, never block.
 */
@FunctionalInterface
public interface LeaderListener {

    /**
     * @param leaderId the new leader's node id, or empty while there is none
     * @param term     the current term (leader epoch) as seen by this node
     */
    void leaderChanged(OptionalInt leaderId, long term);
}
