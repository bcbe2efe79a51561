package io.samsa.raft;

import java.util.OptionalInt;

/**
 * A submit refused because this node does not lead the group (or has just been elected and is not ready yet). Nothing
 * was written; the caller should send its request to {@link #leaderHint()}.
 */
public final class NotLeaderException extends RuntimeException {

    private final OptionalInt leaderHint;

    public NotLeaderException(String message, OptionalInt leaderHint) {
        super(message, null, false, false);
        this.leaderHint = leaderHint;
    }

    /** The leader as this node knows it, if any. */
    public OptionalInt leaderHint() {
        return leaderHint;
    }
}
