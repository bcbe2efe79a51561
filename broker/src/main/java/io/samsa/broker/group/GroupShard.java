package io.samsa.broker.group;

import io.samsa.broker.common.Time;
import io.samsa.broker.log.Scheduler;
import io.samsa.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The groups and committed offsets of one {@code __consumer_offsets} partition that this broker leads: Kafka's
 * coordinator shard. Every group whose id hashes to the partition lives here, and everything that changes them
 * (requests, timers, write completions) runs on the shard's {@link SerialExecutor}, so there is no lock; shards of
 * other partitions run in parallel. State is written to the partition (see {@link GroupRecords}) and rebuilt from
 * it by {@link #load()}, here or on the broker that leads the partition next.
 *
 * <p>The operations live in {@link GroupJoin}, {@link GroupSync}, {@link GroupMembership}, {@link GroupOffsets},
 * {@link GroupAdmin} and {@link Rebalance}; this class owns the state and the lifecycle (loading, active,
 * unloaded). Its entry points may be called from any thread.
 */
public final class GroupShard {
    private static final Logger LOG = LoggerFactory.getLogger(GroupShard.class);
    /** A rewrite happens once the history is this many times the live state (and at least the configured minimum). */
    private static final int REWRITE_FACTOR = 4;

    enum Status { LOADING, ACTIVE, UNLOADED }

    private final int partition;
    private final int leaderEpoch;
    private final GroupConfig config;
    private final OffsetsLog log;
    private final SerialExecutor executor;
    private final ShardTimer timer;
    private final Time time;
    private final Map<String, ClassicGroup> groups = new HashMap<>();
    private CommittedOffsets offsets = new CommittedOffsets();
    /** The last GroupMetadata value written per group: with {@link #offsets}, the live content of the partition. */
    private Map<String, StoredGroup> storedGroups = new HashMap<>();
    private int appendsInFlight;
    private long recordsSinceRewrite;
    private boolean rewriting;
    private volatile Status status = Status.LOADING;

    final Rebalance rebalance;
    final GroupJoin join;
    final GroupSync sync;
    final GroupMembership membership;
    final GroupOffsets offsetOps;
    final GroupAdmin admin;

    /**
     * @param pool      the threads the shard's tasks run on, one at a time (the broker's I/O pool)
     * @param scheduler the timers (session and rebalance timeouts, offset expiry)
     */
    public GroupShard(int partition, int leaderEpoch, GroupConfig config, OffsetsLog log, Executor pool,
                      Scheduler scheduler, Time time) {
        this.partition = partition;
        this.leaderEpoch = leaderEpoch;
        this.config = config;
        this.log = log;
        this.executor = new SerialExecutor(pool);
        this.time = time;
        this.timer = new ShardTimer(scheduler, executor, time, GroupConfig.OFFSETS_TOPIC + "-" + partition);
        this.rebalance = new Rebalance(this);
        this.join = new GroupJoin(this);
        this.sync = new GroupSync(this);
        this.membership = new GroupMembership(this);
        this.offsetOps = new GroupOffsets(this);
        this.admin = new GroupAdmin(this);
    }

    public int partition() {
        return partition;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    Status status() {
        return status;
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /**
     * Rebuilds the shard from its partition, then starts serving: members restored from the log get a fresh
     * session timeout, so live consumers carry on with their generation, and the dead ones expire.
     */
    public CompletableFuture<Void> load() {
        long start = time.nanoseconds();
        ShardLoader loader = new ShardLoader(partition, time);
        return log.replay(partition, loader).thenRunAsync(() -> install(loader, start), executor);
    }

    private void install(ShardLoader loader, long startNanos) {
        if (status != Status.LOADING) {
            return;
        }
        offsets = loader.offsets();
        storedGroups = new HashMap<>(loader.storedGroups());
        recordsSinceRewrite = loader.records();
        groups.putAll(loader.groups());
        for (ClassicGroup group : groups.values()) {
            group.allMembers().forEach(m -> rebalance.rescheduleHeartbeat(group, m));
            if (group.size() > config.maxSize()) {
                rebalance.prepareRebalance(group, "loaded with " + group.size() + " members, above group.max.size");
            }
        }
        offsetOps.scheduleExpiry();
        status = Status.ACTIVE;
        LOG.info("Loaded {} groups and {} committed offsets from {}-{} (epoch {}) in {} ms", groups.size(),
                offsets.size(), GroupConfig.OFFSETS_TOPIC, partition, leaderEpoch,
                TimeUnit.NANOSECONDS.toMillis(time.nanoseconds() - startNanos));
        maybeRewrite();
    }

    /**
     * Stops serving (the partition moved or was deleted, or the broker stops): every parked JoinGroup and SyncGroup
     * is answered {@code NOT_COORDINATOR}, so clients find the new coordinator, and timers stop.
     */
    public CompletableFuture<Void> unload() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                status = Status.UNLOADED;
                timer.cancelAll();
                for (ClassicGroup group : groups.values()) {
                    for (GroupMember member : group.allMembers()) {
                        group.completeJoin(member, GroupResponses.joinError(member.memberId(),
                                ErrorCode.NOT_COORDINATOR));
                        group.completeSync(member, GroupResponses.syncError(ErrorCode.NOT_COORDINATOR));
                    }
                    group.transitionTo(GroupState.DEAD);
                }
                groups.clear();
                done.complete(null);
            });
        } catch (RejectedExecutionException e) {
            status = Status.UNLOADED;
            done.complete(null);
        }
        return done;
    }

    // ---- running operations on the shard ----------------------------------------------------

    /**
     * Runs {@code op} on the shard's executor once the shard is active. While loading, the request is answered with
     * {@code COORDINATOR_LOAD_IN_PROGRESS}; once unloaded with {@code NOT_COORDINATOR} ({@code onError} builds the
     * response for an error).
     */
    <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> op, Function<ErrorCode, T> onError) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                switch (status) {
                    case LOADING -> result.complete(onError.apply(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS));
                    case UNLOADED -> result.complete(onError.apply(ErrorCode.NOT_COORDINATOR));
                    case ACTIVE -> {
                        try {
                            op.get().whenComplete((value, failure) -> {
                                if (failure != null) {
                                    result.completeExceptionally(failure);
                                } else {
                                    result.complete(value);
                                }
                            });
                        } catch (RuntimeException e) {
                            result.completeExceptionally(e);
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(onError.apply(ErrorCode.NOT_COORDINATOR));
        }
        return result;
    }

    /** Runs {@code task} on the shard's executor (timers and write completions use it too). */
    void execute(Runnable task) {
        executor.execute(task);
    }

    /**
     * Writes {@code records} to the partition. Completes on the shard's executor with {@code NONE}, or with the
     * error to answer the client: the log's error as Kafka's coordinator maps it ({@code NOT_COORDINATOR} when this
     * broker no longer leads the partition, {@code COORDINATOR_NOT_AVAILABLE} when it cannot commit in time).
     */
    CompletableFuture<ErrorCode> append(List<GroupRecord> records) {
        CompletableFuture<ErrorCode> done = new CompletableFuture<>();
        CompletableFuture<ErrorCode> written;
        appendsInFlight++;
        recordsSinceRewrite += records.size();
        try {
            written = log.append(partition, leaderEpoch, records);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.orTimeout(config.offsetsCommitTimeoutMs(), TimeUnit.MILLISECONDS).whenComplete((error, failure) -> {
            ErrorCode outcome = failure == null ? coordinatorError(error) : failureError(failure);
            try {
                executor.execute(() -> {
                    appendsInFlight--;
                    done.complete(status == Status.UNLOADED ? ErrorCode.NOT_COORDINATOR : outcome);
                    maybeRewrite();
                });
            } catch (RejectedExecutionException e) {
                done.complete(ErrorCode.NOT_COORDINATOR);
            }
        });
        return done;
    }

    /** Writes the group's metadata record with {@code assignments} (member id → assignment). */
    CompletableFuture<ErrorCode> storeGroup(ClassicGroup group, Map<String, byte[]> assignments) {
        StoredGroup stored = ShardLoader.toStored(group, assignments);
        return append(List.of(GroupRecords.groupMetadata(group.groupId(), stored))).thenApply(error -> {
            if (error == ErrorCode.NONE && groups.get(group.groupId()) == group) {
                storedGroups.put(group.groupId(), stored);
            }
            return error;
        });
    }

    /**
     * Rewrites the partition down to its live state ({@link OffsetsLog#rewrite}) once the history appended since the
     * last rewrite outgrows it several times over: this bounds both the disk the partition uses and the time a
     * reload takes, as log compaction does in Kafka. Only between appends, so the live state reflects the log.
     */
    private void maybeRewrite() {
        long live = offsets.size() + storedGroups.size();
        if (status != Status.ACTIVE || rewriting || appendsInFlight > 0
                || recordsSinceRewrite < Math.max(config.offsetsRewriteMinRecords(), REWRITE_FACTOR * live)) {
            return;
        }
        List<GroupRecord> liveRecords = new ArrayList<>((int) live);
        storedGroups.forEach((id, stored) -> liveRecords.add(GroupRecords.groupMetadata(id, stored)));
        for (String groupId : offsets.groupIds()) {
            offsets.of(groupId).forEach((tp, o) -> liveRecords.add(GroupRecords.offsetCommit(groupId, tp, o)));
        }
        rewriting = true;
        long replaced = recordsSinceRewrite;
        long start = time.nanoseconds();
        CompletableFuture<ErrorCode> rewritten;
        try {
            rewritten = log.rewrite(partition, leaderEpoch, liveRecords);
        } catch (RuntimeException e) {
            rewritten = CompletableFuture.failedFuture(e);
        }
        rewritten.whenComplete((error, failure) -> executor.execute(() -> {
            rewriting = false;
            if (failure == null && error == ErrorCode.NONE) {
                recordsSinceRewrite -= replaced;
                LOG.info("Rewrote {}-{} to its {} live records (from {}) in {} ms", GroupConfig.OFFSETS_TOPIC,
                        partition, liveRecords.size(), replaced,
                        TimeUnit.NANOSECONDS.toMillis(time.nanoseconds() - start));
            } else {
                LOG.warn("Could not rewrite {}-{} to its live state: {}", GroupConfig.OFFSETS_TOPIC, partition,
                        failure != null ? failure.toString() : error);
            }
        }));
    }

    /** Kafka's mapping of a failed coordinator write to the error the client sees. */
    static ErrorCode coordinatorError(ErrorCode appendError) {
        return switch (appendError) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND,
                 REQUEST_TIMED_OUT -> ErrorCode.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> ErrorCode.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> ErrorCode.UNKNOWN_SERVER_ERROR;
            default -> appendError;
        };
    }

    private ErrorCode failureError(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            LOG.warn("Write to {}-{} did not commit within {} ms", GroupConfig.OFFSETS_TOPIC, partition,
                    config.offsetsCommitTimeoutMs());
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        LOG.error("Write to {}-{} failed", GroupConfig.OFFSETS_TOPIC, partition, cause);
        return ErrorCode.UNKNOWN_SERVER_ERROR;
    }

    // ---- state, for the operations (shard executor only) ------------------------------------

    GroupConfig config() {
        return config;
    }

    Time time() {
        return time;
    }

    ShardTimer timer() {
        return timer;
    }

    CommittedOffsets offsets() {
        return offsets;
    }

    ClassicGroup group(String groupId) {
        return groups.get(groupId);
    }

    Collection<ClassicGroup> groups() {
        return groups.values();
    }

    /** A new Empty group (a first JoinGroup, or a standalone consumer's first commit). */
    ClassicGroup createGroup(String groupId) {
        ClassicGroup group = new ClassicGroup(groupId, time);
        groups.put(groupId, group);
        return group;
    }

    /** Drops a group (its tombstone is being written): it turns Dead, so anything still holding it sees that. */
    void removeGroup(ClassicGroup group) {
        storedGroups.remove(group.groupId());
        timer.cancel(ShardTimer.Key.join(group.groupId()));
        timer.cancel(ShardTimer.Key.sync(group.groupId()));
        group.transitionTo(GroupState.DEAD);
        groups.remove(group.groupId(), group);
    }

    @Override
    public String toString() {
        return "GroupShard(" + GroupConfig.OFFSETS_TOPIC + "-" + partition + ", epoch " + leaderEpoch + ", " + status
                + ")";
    }
}
