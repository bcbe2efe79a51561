package io.samsa.broker.partition;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.LogAppendInfo;
import io.samsa.broker.log.PartitionLog;
import java.util.concurrent.CompletableFuture;

/**
 * How a leader's appends to one partition are made durable and when they become visible: the seam
 * between a {@link Partition} and its replicas. {@link LocalReplication} (replication factor 1, the
 * single-node default) appends and completes at once; a Ratis data group will append through its
 * state machine and advance the high watermark on commit. The implementation decides which thread
 * is the partition's single writer and says so.
 */
public interface Replication {

    /**
     * Appends {@code records} (validated and given offsets by the log) as leader in {@code leaderEpoch},
     * completing once {@code requiredAcks} is satisfied (0 and 1: the leader has appended; -1: every
     * in-sync replica has). The future completes with the log's verdict, or exceptionally if the log
     * failed unexpectedly (for instance it was closed by a topic deletion).
     *
     * <p>Ownership: takes {@code records}, a retained slice the caller no longer touches, and
     * releases it once the bytes are written.
     */
    CompletableFuture<LogAppendInfo> append(ByteBuf records, int leaderEpoch, AppendOrigin origin, short requiredAcks);

    /** Told when the high watermark advanced, i.e. new records became visible to consumers. */
    @FunctionalInterface
    interface HighWatermarkListener {
        /** @param bytes about how many bytes became visible (the appended batches' size) */
        void highWatermarkAdvanced(int bytes);
    }

    /** Makes the replication of one partition. */
    @FunctionalInterface
    interface Factory {
        Replication create(PartitionLog log, HighWatermarkListener listener);
    }
}
