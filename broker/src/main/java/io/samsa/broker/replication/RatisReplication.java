package io.samsa.broker.replication;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.LogAppendInfo;
import io.samsa.broker.partition.Replication;
import io.samsa.broker.partition.ReplicationException;
import io.samsa.protocol.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Replication of a partition through its partition-set group (replication factor above 1): the leader's appends
 * become Raft entries of the group; every replica's group state machine appends them to its log in Raft order and
 * moves the high watermark at commit. {@code acks=0/1} complete once the leader's own write has appended,
 * {@code acks=all} once the entry is committed (a majority has it) and applied here.
 *
 * <p>Single writer: the group's writer thread ({@link DataGroupStateMachine}); this class only queues.
 */
final class RatisReplication implements Replication {

    private final PartitionKey partition;
    private final Supplier<HostedGroup> group;

    /** @param group the group the partition's appends go to now (a reassignment moves it to another) */
    RatisReplication(PartitionKey partition, Supplier<HostedGroup> group) {
        this.partition = partition;
        this.group = group;
    }

    /** Ownership: copies {@code records} into the entry and releases it at once. */
    @Override
    public CompletableFuture<LogAppendInfo> append(ByteBuf records, int leaderEpoch, AppendOrigin origin,
                                                   short requiredAcks) {
        byte[] bytes;
        try {
            bytes = new byte[records.readableBytes()];
            records.getBytes(records.readerIndex(), bytes);
        } finally {
            records.release();
        }
        CompletableFuture<LogAppendInfo> result = new CompletableFuture<>();
        HostedGroup current = group.get();
        if (current == null) {
            return CompletableFuture.failedFuture(new ReplicationException(ErrorCode.NOT_LEADER_OR_FOLLOWER,
                    partition + " is no longer hosted here"));
        }
        current.batcher().add(new PendingAppend(partition, bytes, origin, requiredAcks, result));
        return result;
    }

    @Override
    public String toString() {
        HostedGroup current = group.get();
        return "RatisReplication(" + partition + " in " + (current == null ? "no group" : current.id()) + ")";
    }
}
