package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the group coordinator keeps its state: the partitions of {@code __consumer_offsets}. The coordinator only
 * appends (as the leader of a partition) and replays (when it becomes the leader); how the records are replicated
 * is the implementation's business, so the same coordinator runs on a local log or on a replicated one.
 *
 * <p>Implementations are thread-safe. A shard calls {@link #append} from its own executor, one call at a time, and
 * relies on the futures completing in append order.
 */
public interface OffsetsLog {

    /**
     * Appends {@code records} to {@code partition} as one batch, as its leader in {@code leaderEpoch}.
     *
     * @return completes when the batch is committed (what {@code acks=all} waits for) with {@link ErrorCode#NONE},
     *         or with the append's error (e.g. {@code NOT_LEADER_OR_FOLLOWER}, {@code KAFKA_STORAGE_ERROR},
     *         {@code REQUEST_TIMED_OUT}); never exceptionally for a protocol error. Nothing is committed on error.
     */
    CompletableFuture<ErrorCode> append(int partition, int leaderEpoch, List<GroupRecord> records);

    /**
     * Rewrites {@code partition} down to {@code liveRecords}, the latest value of every key: appends them (in one
     * append, as several batches if large) and, once they are committed, drops every earlier record, so that a
     * replay reads the live state rather than the whole history. The group coordinator does this in place of log
     * compaction, which the log layer does not implement. The caller guarantees that no other append of the
     * partition is in flight when it calls, and that {@code liveRecords} reflects every append completed before.
     *
     * @return completes with {@link ErrorCode#NONE} once the records are committed and the history dropped, or with
     *         the error that stopped it (the partition then still holds its history, which replays to the same
     *         state)
     */
    CompletableFuture<ErrorCode> rewrite(int partition, int leaderEpoch, List<GroupRecord> liveRecords);

    /**
     * Feeds every record of {@code partition} that is or will be committed (the new leader's log), in log order, to
     * {@code sink}, on one thread at a time (not the caller's: replay may read a lot from disk).
     *
     * @return completes once the last record was fed; exceptionally if the partition cannot be read
     */
    CompletableFuture<Void> replay(int partition, Consumer<GroupRecord> sink);

    /**
     * Whether {@code partition}'s log exists here yet. The metadata can name this broker the leader a moment before
     * the log is opened; a shard loads only once it is.
     */
    default boolean hosts(int partition) {
        return true;
    }
}
