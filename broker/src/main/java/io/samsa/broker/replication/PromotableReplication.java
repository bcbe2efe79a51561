package io.samsa.broker.replication;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.LogAppendInfo;
import io.samsa.broker.log.PartitionLog;
import io.samsa.broker.partition.LocalReplication;
import io.samsa.broker.partition.Replication;
import java.util.concurrent.CompletableFuture;

/**
 * Replication of an unreplicated partition (one replica, here) that a reassignment may give more replicas: the local
 * path until then; once the partition entered a data group, the group's ({@link #promote}). The switch needs no
 * lock: the local path is {@link LocalReplication#seal sealed} before the group takes over, so an append that still
 * reaches it is refused and retried by the client.
 */
final class PromotableReplication implements Replication {

    private final PartitionLog log;
    private final HighWatermarkListener listener;
    private final LocalReplication local;
    private volatile Replication promoted;

    PromotableReplication(PartitionLog log, HighWatermarkListener listener) {
        this.log = log;
        this.listener = listener;
        this.local = new LocalReplication(log, listener);
    }

    PartitionLog log() {
        return log;
    }

    HighWatermarkListener listener() {
        return listener;
    }

    LocalReplication local() {
        return local;
    }

    /** From now on appends go to {@code grouped}. */
    void promote(Replication grouped) {
        promoted = grouped;
    }

    @Override
    public CompletableFuture<LogAppendInfo> append(ByteBuf records, int leaderEpoch, AppendOrigin origin,
                                                   short requiredAcks) {
        Replication current = promoted;
        return (current != null ? current : local).append(records, leaderEpoch, origin, requiredAcks);
    }
}
