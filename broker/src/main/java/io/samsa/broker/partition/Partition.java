package io.samsa.broker.partition;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.DeleteRecordsResult;
import io.samsa.broker.log.EpochEndOffset;
import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.log.LogError;
import io.samsa.broker.log.PartitionLog;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.protocol.ErrorCode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition this broker hosts: its log, its leadership as of the latest metadata image (leader,
 * leader epoch, replicas, ISR), its {@link Replication} and the long-poll fetches waiting for its
 * data. Handlers go through it rather than to the log, so leadership and epoch checks, isolation and
 * wake-ups happen in one place.
 *
 * <p>Threads: appends go through the {@link Replication}, which confines them to one writer at a
 * time ({@link LocalReplication}: a {@link SerialExecutor} on the I/O threads). Reads, offset
 * lookups and DeleteRecords run on any thread concurrently with appends (the log allows it).
 * Leadership is changed only by the {@link PartitionManager} from metadata images and published
 * with a volatile write.
 */
public final class Partition {
    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);

    /** {@code current_leader_epoch} of a request that does not check the epoch. */
    public static final int NO_EPOCH_CHECK = -1;

    private final TopicPartition topicPartition;
    private final UUID topicId;
    private final int localBrokerId;
    private final PartitionLog log;
    private final Replication replication;
    private final Set<DelayedFetch> delayedFetches = ConcurrentHashMap.newKeySet();
    private volatile PartitionImage state;
    private volatile boolean deleted;

    Partition(TopicPartition topicPartition, UUID topicId, int localBrokerId, PartitionLog log, PartitionImage state,
              Replication.Factory replication) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.localBrokerId = localBrokerId;
        this.log = log;
        this.state = state;
        log.assignLeaderEpoch(state.leaderEpoch());
        this.replication = replication.create(log, this::wakeDelayedFetches);
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public UUID topicId() {
        return topicId;
    }

    public PartitionLog log() {
        return log;
    }

    /** Leader, epoch, replicas and ISR as of the latest metadata image. */
    public PartitionImage state() {
        return state;
    }

    public int leaderEpoch() {
        return state.leaderEpoch();
    }

    public boolean isLeader() {
        return state.leader() == localBrokerId && !deleted;
    }

    public long highWatermark() {
        return log.highWatermark();
    }

    /** Without transactions nothing is undecided: the last stable offset is the high watermark. */
    public long lastStableOffset() {
        return log.highWatermark();
    }

    /** The offset reads with {@code isolation} stop before. */
    public long lastFetchableOffset(FetchIsolation isolation) {
        return switch (isolation) {
            case LOG_END -> log.logEndOffset();
            case HIGH_WATERMARK -> log.highWatermark();
            case TXN_COMMITTED -> lastStableOffset();
        };
    }

    /**
     * Kafka's leader checks, in Kafka's order: a {@code currentLeaderEpoch} below ours is
     * {@code FENCED_LEADER_EPOCH}, above it {@code UNKNOWN_LEADER_EPOCH} ({@link #NO_EPOCH_CHECK}
     * skips this); then, if {@code requireLeader}, a broker that does not lead answers
     * {@code NOT_LEADER_OR_FOLLOWER}.
     */
    public ErrorCode checkLeader(int currentLeaderEpoch, boolean requireLeader) {
        int epoch = state.leaderEpoch();
        if (currentLeaderEpoch != NO_EPOCH_CHECK && currentLeaderEpoch < epoch) {
            return ErrorCode.FENCED_LEADER_EPOCH;
        }
        if (currentLeaderEpoch != NO_EPOCH_CHECK && currentLeaderEpoch > epoch) {
            return ErrorCode.UNKNOWN_LEADER_EPOCH;
        }
        if (deleted || requireLeader && !isLeader()) {
            return ErrorCode.NOT_LEADER_OR_FOLLOWER;
        }
        return ErrorCode.NONE;
    }

    /**
     * Appends a client's (or a coordinator's) records as leader. With {@code acks=-1} and fewer
     * in-sync replicas than {@code min.insync.replicas}, nothing is written and the answer is
     * {@code NOT_ENOUGH_REPLICAS}, as in Kafka.
     *
     * <p>Ownership: takes {@code records}, a retained slice (the request frame is released once the
     * response is written, and with {@code acks=0} that may be before the bytes are).
     */
    public CompletableFuture<AppendResult> appendRecordsToLeader(ByteBuf records, AppendOrigin origin, short requiredAcks) {
        PartitionImage current = state;
        if (!isLeader()) {
            records.release();
            return CompletableFuture.completedFuture(AppendResult.failed(ErrorCode.NOT_LEADER_OR_FOLLOWER,
                    "broker " + localBrokerId + " does not lead " + topicPartition));
        }
        int minIsr = log.config().minInsyncReplicas();
        if (requiredAcks == -1 && current.isr().size() < minIsr) {
            records.release();
            return CompletableFuture.completedFuture(AppendResult.failed(ErrorCode.NOT_ENOUGH_REPLICAS,
                    "the in-sync replicas of " + topicPartition + " are " + current.isr()
                    + ", fewer than min.insync.replicas=" + minIsr));
        }
        return replication.append(records, current.leaderEpoch(), origin, requiredAcks)
                .handle((info, failure) -> {
                    if (failure == null) {
                        return AppendResult.from(info);
                    }
                    if (deleted) {
                        return AppendResult.failed(ErrorCode.NOT_LEADER_OR_FOLLOWER, topicPartition + " was deleted");
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof ReplicationException refused) {
                        return AppendResult.failed(refused.error(), refused.getMessage());
                    }
                    LOG.error("{}: append failed", topicPartition, failure);
                    return AppendResult.failed(ErrorCode.KAFKA_STORAGE_ERROR, failure.toString());
                });
    }

    /**
     * Whole batches from the one holding {@code fetchOffset}, at most {@code maxBytes} (but at least
     * one batch if {@code minOneBatch}), none at or past the isolation's last fetchable offset.
     */
    public FetchDataInfo read(long fetchOffset, int maxBytes, FetchIsolation isolation, boolean minOneBatch) {
        return log.read(fetchOffset, maxBytes, lastFetchableOffset(isolation), minOneBatch);
    }

    /** OffsetForLeaderEpoch: where {@code leaderEpoch} ended (see {@link PartitionLog#endOffsetForEpoch}). */
    public EpochEndOffset endOffsetForEpoch(int leaderEpoch) {
        return log.endOffsetForEpoch(leaderEpoch);
    }

    /**
     * DeleteRecords as leader: {@code offset} -1 means the high watermark; a negative offset, or one
     * past the high watermark, is {@code OFFSET_OUT_OF_RANGE}; a topic whose {@code cleanup.policy}
     * lacks {@code delete} refuses with {@code POLICY_VIOLATION}. Returns the new low watermark.
     */
    public DeleteRecordsOutcome deleteRecordsOnLeader(long offset) {
        long target = offset == -1L ? log.highWatermark() : offset;
        if (!log.config().deleteEnabled()) {
            return new DeleteRecordsOutcome(ErrorCode.POLICY_VIOLATION, -1L);
        }
        if (target < 0) {
            return new DeleteRecordsOutcome(ErrorCode.OFFSET_OUT_OF_RANGE, -1L);
        }
        try {
            DeleteRecordsResult result = log.deleteRecordsBefore(target);
            return result.error() == LogError.NONE
                    ? new DeleteRecordsOutcome(ErrorCode.NONE, result.lowWatermark())
                    : new DeleteRecordsOutcome(result.error().errorCode(), -1L);
        } catch (IOException e) {
            LOG.error("{}: DeleteRecords up to {} failed", topicPartition, target, e);
            return new DeleteRecordsOutcome(ErrorCode.KAFKA_STORAGE_ERROR, -1L);
        } catch (IllegalStateException e) {
            return new DeleteRecordsOutcome(ErrorCode.NOT_LEADER_OR_FOLLOWER, -1L); // closed by a deletion
        }
    }

    /** The outcome of {@link #deleteRecordsOnLeader}. */
    public record DeleteRecordsOutcome(ErrorCode error, long lowWatermark) { }

    // ---- long-poll fetches ---------------------------------------------------------------------

    void watch(DelayedFetch fetch) {
        delayedFetches.add(fetch);
    }

    void unwatch(DelayedFetch fetch) {
        delayedFetches.remove(fetch);
    }

    /** Number of fetches waiting for this partition (for tests and metrics). */
    public int delayedFetchCount() {
        return delayedFetches.size();
    }

    private void wakeDelayedFetches(int bytes) {
        for (DelayedFetch fetch : delayedFetches) {
            fetch.onNewData(bytes);
        }
    }

    private void completeDelayedFetches() {
        for (DelayedFetch fetch : List.copyOf(delayedFetches)) {
            fetch.complete();
        }
    }

    // ---- metadata ------------------------------------------------------------------------------

    /**
     * A new image's view of this partition (from the {@link PartitionManager}). A new leader epoch
     * starts at the current log end; a change of leader or epoch completes the waiting fetches, so
     * their clients learn of it at once.
     */
    void update(PartitionImage next) {
        PartitionImage previous = state;
        if (next.leaderEpoch() > previous.leaderEpoch()) {
            log.assignLeaderEpoch(next.leaderEpoch());
        }
        state = next;
        if (next.leader() != previous.leader() || next.leaderEpoch() != previous.leaderEpoch()) {
            completeDelayedFetches();
        }
    }

    /** The partition is no longer hosted (deleted or moved): refuse appends, release the waiting fetches. */
    void markDeleted() {
        deleted = true;
        completeDelayedFetches();
    }

    /** Releases the waiting fetches (broker shutdown): they answer with what they have. */
    void completeWaitingFetches() {
        completeDelayedFetches();
    }

    boolean isDeleted() {
        return deleted;
    }

    @Override
    public String toString() {
        return "Partition(" + topicPartition + ", leader=" + state.leader() + ", epoch=" + state.leaderEpoch() + ")";
    }
}
