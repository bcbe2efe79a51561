package io.samsa.broker.group;

import io.samsa.broker.common.ManualScheduler;
import io.samsa.broker.common.ManualTime;
import io.samsa.broker.log.TopicPartition;
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
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link GroupShard} under test: its tasks run on the test's thread (a direct pool), its timers on a
 * {@link ManualScheduler} over a {@link ManualTime}, its partition is an {@link InMemoryOffsetsLog}. Requests go
 * through {@link GroupShard#call}, as the coordinator sends them.
 */
final class ShardHarness {
    static final int PARTITION = 7;
    static final int EPOCH = 3;

    final ManualTime time = new ManualTime();
    final ManualScheduler scheduler = new ManualScheduler(time);
    final InMemoryOffsetsLog log;
    final GroupConfig config;
    GroupShard shard;

    ShardHarness() {
        this(testConfig());
    }

    ShardHarness(GroupConfig config) {
        this(config, new InMemoryOffsetsLog());
    }

    ShardHarness(GroupConfig config, InMemoryOffsetsLog log) {
        this.config = config;
        this.log = log;
        this.shard = loadShard();
    }

    /** Kafka's defaults, except no initial rebalance delay. */
    static GroupConfig testConfig() {
        return GroupConfig.defaults().withInitialRebalanceDelayMs(0);
    }

    private GroupShard loadShard() {
        GroupShard loaded = new GroupShard(PARTITION, EPOCH, config, log, Runnable::run, scheduler, time);
        loaded.load().join();
        return loaded;
    }

    /** Unloads the shard and loads a new one from the same log: a broker restart or a coordinator move. */
    GroupShard reload() {
        shard.unload().join();
        shard = loadShard();
        return shard;
    }

    void advance(long ms) {
        scheduler.advance(ms);
    }

    ClassicGroup group(String groupId) {
        return shard.group(groupId);
    }

    // ---- requests ---------------------------------------------------------------------------

    CompletableFuture<JoinGroupResponse> join(RequestInfo info, JoinGroupRequest request) {
        return shard.call(() -> shard.join.join(info, request),
                e -> GroupResponses.joinError(request.memberId(), e));
    }

    CompletableFuture<SyncGroupResponse> sync(SyncGroupRequest request) {
        return shard.call(() -> shard.sync.sync(request), GroupResponses::syncError);
    }

    ErrorCode heartbeat(String groupId, String memberId, String instanceId, int generation) {
        HeartbeatRequest request = new HeartbeatRequest().setGroupId(groupId).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setGenerationId(generation);
        return shard.call(() -> CompletableFuture.completedFuture(shard.membership.heartbeat(request)), e -> e)
                .join();
    }

    LeaveGroupResponse leave(String groupId, MemberIdentity... members) {
        return shard.call(() -> CompletableFuture.completedFuture(shard.membership.leave(groupId, List.of(members))),
                e -> new LeaveGroupResponse().setErrorCode(e.code())).join();
    }

    CompletableFuture<Map<TopicPartition, ErrorCode>> commit(String groupId, Committer committer, short version,
                                                             CommitOffset... offsets) {
        return commit(groupId, committer, version, -1L, offsets);
    }

    CompletableFuture<Map<TopicPartition, ErrorCode>> commit(String groupId, Committer committer, short version,
                                                             long retentionMs, CommitOffset... offsets) {
        return shard.call(() -> shard.offsetOps.commit(groupId, committer, retentionMs, List.of(offsets), version),
                e -> Map.of());
    }

    OffsetFetchResult fetch(String groupId, List<TopicPartition> partitions) {
        return shard.call(() -> CompletableFuture.completedFuture(shard.offsetOps.fetch(groupId, partitions)),
                OffsetFetchResult::error).join();
    }

    OffsetDeleteResult deleteOffsets(String groupId, TopicPartition... partitions) {
        return shard.call(() -> shard.offsetOps.delete(groupId, List.of(partitions)), OffsetDeleteResult::error)
                .join();
    }

    DescribedGroup describe(String groupId) {
        return shard.call(() -> CompletableFuture.completedFuture(shard.admin.describe(groupId)), e -> null).join();
    }

    List<ListedGroup> list(Set<String> states, Set<String> types) {
        return shard.call(() -> CompletableFuture.completedFuture(shard.admin.list(states, types)),
                e -> List.<ListedGroup>of()).join();
    }

    ErrorCode deleteGroup(String groupId) {
        return shard.call(() -> shard.admin.delete(groupId), e -> e).join();
    }

    // ---- consumer protocol bytes ------------------------------------------------------------

    /** A real consumer's subscription, as the Java client serializes it. */
    static byte[] subscription(String... topics) {
        return bytes(ConsumerProtocol.serializeSubscription(new ConsumerPartitionAssignor.Subscription(
                List.of(topics))));
    }

    static byte[] assignment(TopicPartition... partitions) {
        List<org.apache.kafka.common.TopicPartition> assigned = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            assigned.add(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()));
        }
        return bytes(ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(assigned)));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
