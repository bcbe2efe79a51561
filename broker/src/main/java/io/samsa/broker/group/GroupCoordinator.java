package io.samsa.broker.group;

import io.samsa.broker.common.Time;
import io.samsa.broker.log.Scheduler;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.samsa.protocol.message.HeartbeatRequest;
import io.samsa.protocol.message.JoinGroupRequest;
import io.samsa.protocol.message.JoinGroupResponse;
import io.samsa.protocol.message.LeaveGroupRequest.MemberIdentity;
import io.samsa.protocol.message.LeaveGroupResponse;
import io.samsa.protocol.message.ListGroupsResponse.ListedGroup;
import io.samsa.protocol.message.SyncGroupRequest;
import io.samsa.protocol.message.SyncGroupResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The broker's group coordinator: the door the group API handlers use. It routes each group to the
 * {@link GroupShard} of its {@code __consumer_offsets} partition ({@link CoordinatorLocator#partitionFor}); which
 * shards exist on this broker follows partition leadership in the metadata ({@link ShardDirectory}). A group whose
 * partition this broker does not lead gets {@code NOT_COORDINATOR}; one whose shard is still loading
 * {@code COORDINATOR_LOAD_IN_PROGRESS}; both make clients look the coordinator up again or retry.
 *
 * <p>Thread-safe, lock-free: methods may be called from any thread and never block; work runs on the shards'
 * executors and answers arrive as futures.
 */
public final class GroupCoordinator implements AutoCloseable {
    private final GroupConfig config;
    private final MetadataStore metadata;
    private final ShardDirectory shards;

    /**
     * @param pool      the threads shards run on (the broker's I/O pool; shards own no threads)
     * @param scheduler runs the shards' timers
     */
    public GroupCoordinator(int nodeId, GroupConfig config, MetadataStore metadata, OffsetsLog log, Executor pool,
                            Scheduler scheduler, Time time) {
        this.config = config;
        this.metadata = metadata;
        this.shards = new ShardDirectory(nodeId, config, metadata, log, pool, scheduler, time);
    }

    /** Starts following the metadata: loads the shards of the offsets partitions this broker leads. */
    public GroupCoordinator start() {
        shards.start();
        return this;
    }

    /** Unloads every shard (parked requests are answered {@code NOT_COORDINATOR}). */
    @Override
    public void close() {
        shards.close();
    }

    /** The {@code __consumer_offsets} partition of {@code groupId}. */
    public int partitionFor(String groupId) {
        return CoordinatorLocator.partitionFor(groupId, CoordinatorLocator.partitionCount(metadata.image(),
                GroupConfig.OFFSETS_TOPIC, config.offsetsTopicNumPartitions()));
    }

    /** The shards this broker serves (for diagnostics and tests). */
    public Map<Integer, GroupShard> shards() {
        return shards.view();
    }

    /**
     * FindCoordinator for a group: creates {@code __consumer_offsets} on first use (and waits for it, so the first
     * answer is already useful), then answers with the leader of the group's partition.
     */
    public CompletableFuture<CoordinatorLocator.Coordinator> findCoordinator(String groupId, String listenerName) {
        MetadataImage image = metadata.image();
        if (image.topic(GroupConfig.OFFSETS_TOPIC).isPresent()) {
            return CompletableFuture.completedFuture(locate(image, groupId, listenerName));
        }
        return shards.createOffsetsTopic().thenApply(error -> error == ErrorCode.NONE
                ? locate(metadata.image(), groupId, listenerName)
                : CoordinatorLocator.Coordinator.error(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                "Could not create " + GroupConfig.OFFSETS_TOPIC + ": " + error));
    }

    private static CoordinatorLocator.Coordinator locate(MetadataImage image, String groupId, String listener) {
        return CoordinatorLocator.locate(image, GroupConfig.OFFSETS_TOPIC, groupId, listener);
    }

    // ---- the classic group protocol ---------------------------------------------------------

    public CompletableFuture<JoinGroupResponse> joinGroup(RequestInfo info, JoinGroupRequest request) {
        Function<ErrorCode, JoinGroupResponse> onError = e -> GroupResponses.joinError(request.memberId(), e);
        if (isEmpty(request.groupId())) {
            return done(onError.apply(ErrorCode.INVALID_GROUP_ID));
        }
        return onShard(request.groupId(), s -> s.join.join(info, request), onError);
    }

    public CompletableFuture<SyncGroupResponse> syncGroup(SyncGroupRequest request) {
        Function<ErrorCode, SyncGroupResponse> onError = GroupResponses::syncError;
        if (isEmpty(request.groupId())) {
            return done(onError.apply(ErrorCode.INVALID_GROUP_ID));
        }
        return onShard(request.groupId(), s -> s.sync.sync(request), onError);
    }

    /** Heartbeat; while the shard loads a heartbeat is answered NONE, as Kafka does, so members stay put. */
    public CompletableFuture<ErrorCode> heartbeat(HeartbeatRequest request) {
        if (isEmpty(request.groupId())) {
            return done(ErrorCode.INVALID_GROUP_ID);
        }
        return onShard(request.groupId(), s -> done(s.membership.heartbeat(request)),
                e -> e == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS ? ErrorCode.NONE : e);
    }

    /** LeaveGroup for {@code members} (the v3+ list, or the single member id of v0–v2). */
    public CompletableFuture<LeaveGroupResponse> leaveGroup(String groupId, List<MemberIdentity> members) {
        Function<ErrorCode, LeaveGroupResponse> onError = e -> new LeaveGroupResponse().setErrorCode(e.code());
        if (isEmpty(groupId)) {
            return done(onError.apply(ErrorCode.INVALID_GROUP_ID));
        }
        return onShard(groupId, s -> done(s.membership.leave(groupId, members)), onError);
    }

    // ---- offsets ----------------------------------------------------------------------------

    /**
     * OffsetCommit for partitions of existing topics (the handler answers the others).
     *
     * @param retentionTimeMs OffsetCommit v2–v4's retention time, -1 otherwise
     * @return the error per partition, in request order
     */
    public CompletableFuture<Map<TopicPartition, ErrorCode>> commitOffsets(String groupId, Committer committer,
                                                                           long retentionTimeMs,
                                                                           List<CommitOffset> offsets,
                                                                           short apiVersion) {
        Function<ErrorCode, Map<TopicPartition, ErrorCode>> onError = e -> {
            Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
            offsets.forEach(o -> errors.put(o.tp(), e));
            return errors;
        };
        if (groupId == null) {
            return done(onError.apply(ErrorCode.INVALID_GROUP_ID));
        }
        return onShard(groupId, s -> s.offsetOps.commit(groupId, committer, retentionTimeMs, offsets, apiVersion),
                onError);
    }

    /** OffsetFetch for one group; {@code partitions} null means every partition with a committed offset. */
    public CompletableFuture<OffsetFetchResult> fetchOffsets(String groupId, List<TopicPartition> partitions) {
        if (groupId == null) {
            return done(OffsetFetchResult.error(ErrorCode.INVALID_GROUP_ID));
        }
        return onShard(groupId, s -> done(s.offsetOps.fetch(groupId, partitions)), OffsetFetchResult::error);
    }

    public CompletableFuture<OffsetDeleteResult> deleteOffsets(String groupId, List<TopicPartition> partitions) {
        if (groupId == null) {
            return done(OffsetDeleteResult.error(ErrorCode.INVALID_GROUP_ID));
        }
        return onShard(groupId, s -> s.offsetOps.delete(groupId, partitions), OffsetDeleteResult::error);
    }

    // ---- group administration ---------------------------------------------------------------

    /** DescribeGroups for one group: its description, or its error ({@code GROUP_ID_NOT_FOUND} if unknown). */
    public CompletableFuture<DescribedGroup> describeGroup(String groupId) {
        // Kafka's DescribeGroupsResponse.groupError: no state, type or protocol for a group it could not look at.
        Function<ErrorCode, DescribedGroup> onError = e -> new DescribedGroup().setGroupId(groupId)
                .setErrorCode(e.code()).setGroupState("").setProtocolType("").setProtocolData("");
        if (groupId == null) {
            return done(onError.apply(ErrorCode.INVALID_GROUP_ID));
        }
        return onShard(groupId, s -> {
            DescribedGroup described = s.admin.describe(groupId);
            return done(described != null ? described : onError.apply(ErrorCode.GROUP_ID_NOT_FOUND));
        }, onError);
    }

    /** Whether this broker coordinates {@code groupId} and has it: NONE, GROUP_ID_NOT_FOUND or a routing error. */
    public CompletableFuture<ErrorCode> groupExists(String groupId) {
        if (isEmpty(groupId)) {
            return done(ErrorCode.INVALID_GROUP_ID);
        }
        return onShard(groupId, s -> done(s.admin.describe(groupId) != null ? ErrorCode.NONE
                : ErrorCode.GROUP_ID_NOT_FOUND), Function.identity());
    }

    /**
     * ListGroups over every shard of this broker. A shard still loading makes the whole answer
     * {@code COORDINATOR_LOAD_IN_PROGRESS}, as in Kafka; shards unloaded meanwhile contribute nothing.
     *
     * @param states lower-case state names (empty: all)
     * @param types  lower-case group types (empty: all)
     */
    public CompletableFuture<ListGroupsResult> listGroups(Set<String> states, Set<String> types) {
        List<CompletableFuture<ListGroupsResult>> parts = new ArrayList<>();
        for (GroupShard shard : shards.view().values()) {
            parts.add(shard.call(() -> done(new ListGroupsResult(ErrorCode.NONE, shard.admin.list(states, types))),
                    e -> new ListGroupsResult(e == ErrorCode.NOT_COORDINATOR ? ErrorCode.NONE : e, List.of())));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<ListedGroup> all = new ArrayList<>();
            for (CompletableFuture<ListGroupsResult> part : parts) {
                ListGroupsResult result = part.join();
                if (result.error() != ErrorCode.NONE) {
                    return ListGroupsResult.error(result.error());
                }
                all.addAll(result.groups());
            }
            return new ListGroupsResult(ErrorCode.NONE, all);
        });
    }

    public CompletableFuture<ErrorCode> deleteGroup(String groupId) {
        if (groupId == null) {
            return done(ErrorCode.INVALID_GROUP_ID);
        }
        return onShard(groupId, s -> s.admin.delete(groupId), Function.identity());
    }

    // ---- routing ----------------------------------------------------------------------------

    private <T> CompletableFuture<T> onShard(String groupId, Function<GroupShard, CompletableFuture<T>> op,
                                             Function<ErrorCode, T> onError) {
        int partition = partitionFor(groupId);
        GroupShard shard = shards.get(partition);
        if (shard == null) {
            return done(onError.apply(shards.leads(partition) ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS
                    : ErrorCode.NOT_COORDINATOR));
        }
        return shard.call(() -> op.apply(shard), onError);
    }

    private static boolean isEmpty(String groupId) {
        return groupId == null || groupId.isEmpty();
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
