package io.samsa.broker.partition;

import io.samsa.protocol.ErrorCode;

/**
 * A {@link Replication} refusing or losing an append for a reason the client must act on, as a Kafka error: for a
 * Raft data group, {@code NOT_LEADER_OR_FOLLOWER} when this node no longer leads the partition's group (the client
 * refreshes its metadata and retries at the new leader). Nothing is known to be written.
 */
public final class ReplicationException extends RuntimeException {

    private final ErrorCode error;

    public ReplicationException(ErrorCode error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public ErrorCode error() {
        return error;
    }
}
