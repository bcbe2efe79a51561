package io.samsa.broker.partition;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.LogAppendInfo;
import io.samsa.broker.log.PartitionLog;
import io.samsa.protocol.ErrorCode;
import java.util.concurrent.CompletableFuture;

/**
 * Replication of a partition whose only replica is this broker (replication factor 1, the
 * single-node default): an append is committed as soon as the log has it, so the high watermark is
 * always the log end and every {@code acks} setting completes right after the append.
 *
 * <p>Single writer: appends run on a {@link SerialExecutor}, one at a time in submission order, on
 * the submitting thread (a broker I/O thread) or on the one already appending. Reads never wait for
 * it.
 *
 * <p>A reassignment that gives the partition more replicas first {@link #seal seals} it here: its end is then final
 * for this path, and the partition continues in a Raft data group from that offset.
 */
public final class LocalReplication implements Replication {
    private final PartitionLog log;
    private final HighWatermarkListener listener;
    private final SerialExecutor writer;
    /** Writer only. */
    private boolean sealed;

    public LocalReplication(PartitionLog log, HighWatermarkListener listener) {
        this.log = log;
        this.listener = listener;
        this.writer = new SerialExecutor("append-" + log.dir().getFileName());
        // Everything on disk is committed: there is no other replica to wait for.
        log.updateHighWatermark(log.logEndOffset());
    }

    /** The factory {@link PartitionManager} uses for replication factor 1. */
    public static Replication.Factory factory() {
        return LocalReplication::new;
    }

    @Override
    public CompletableFuture<LogAppendInfo> append(ByteBuf records, int leaderEpoch, AppendOrigin origin,
                                                   short requiredAcks) {
        CompletableFuture<LogAppendInfo> result = new CompletableFuture<>();
        writer.execute(() -> {
            try {
                if (sealed) {
                    throw new ReplicationException(ErrorCode.NOT_LEADER_OR_FOLLOWER,
                            log.topicPartition() + " is moving to a replicated data group");
                }
                int bytes = records.readableBytes();
                LogAppendInfo info = log.append(records, leaderEpoch, origin);
                if (info.succeeded() && !info.duplicate()) {
                    log.updateHighWatermark(log.logEndOffset());
                    listener.highWatermarkAdvanced(bytes);
                }
                result.complete(info);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } finally {
                records.release();
            }
        });
        return result;
    }

    /**
     * Refuses appends from now on ({@code NOT_LEADER_OR_FOLLOWER}: the client retries once the partition's new path
     * leads it) and completes with the log end once every append asked for before is written: where the partition's
     * data group starts. Idempotent.
     */
    public CompletableFuture<Long> seal() {
        CompletableFuture<Long> end = new CompletableFuture<>();
        writer.execute(() -> {
            sealed = true;
            end.complete(log.logEndOffset());
        });
        return end;
    }

    /** Takes appends again: the move that {@link #seal sealed} the partition was cancelled before it left. */
    public void unseal() {
        writer.execute(() -> sealed = false);
    }
}
