package io.samsa.broker.api.group;

import io.samsa.broker.Broker;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.broker.testing.TestBrokers;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ConsumerGroupDescribeRequest;
import io.samsa.protocol.message.ConsumerGroupDescribeResponse;
import io.samsa.protocol.message.DeleteGroupsRequest;
import io.samsa.protocol.message.DeleteGroupsResponse;
import io.samsa.protocol.message.DescribeGroupsRequest;
import io.samsa.protocol.message.DescribeGroupsResponse;
import io.samsa.protocol.message.FindCoordinatorRequest;
import io.samsa.protocol.message.FindCoordinatorResponse;
import io.samsa.protocol.message.HeartbeatRequest;
import io.samsa.protocol.message.HeartbeatResponse;
import io.samsa.protocol.message.JoinGroupRequest;
import io.samsa.protocol.message.JoinGroupRequest.JoinGroupRequestProtocol;
import io.samsa.protocol.message.JoinGroupResponse;
import io.samsa.protocol.message.LeaveGroupRequest;
import io.samsa.protocol.message.LeaveGroupResponse;
import io.samsa.protocol.message.ListGroupsRequest;
import io.samsa.protocol.message.ListGroupsResponse;
import io.samsa.protocol.message.OffsetCommitRequest;
import io.samsa.protocol.message.OffsetCommitRequest.OffsetCommitRequestPartition;
import io.samsa.protocol.message.OffsetCommitRequest.OffsetCommitRequestTopic;
import io.samsa.protocol.message.OffsetCommitResponse;
import io.samsa.protocol.message.OffsetDeleteRequest;
import io.samsa.protocol.message.OffsetDeleteResponse;
import io.samsa.protocol.message.OffsetFetchRequest;
import io.samsa.protocol.message.OffsetFetchResponse;
import io.samsa.protocol.message.SyncGroupRequest;
import io.samsa.protocol.message.SyncGroupRequest.SyncGroupRequestAssignment;
import io.samsa.protocol.message.SyncGroupResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every version of every group API over a socket, as raw requests: each is read and answered in the right shape
 * (a response that cannot be encoded at its version would close the connection instead).
 */
@Timeout(120)
class GroupApiVersionsTest {
    private static final byte[] SUBSCRIPTION = {0, 0, 0, 0, 0, 1, 0, 1, 't', 0, 0, 0, 0};
    private static final byte[] ASSIGNMENT = {0, 0, 0, 0, 0, 1, 0, 1, 't', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};

    @TempDir
    static Path dir;
    static Broker broker;
    static RawKafkaClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBrokers.start(GroupTestBrokers.props(dir));
        client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker));
        GroupClients.createTopic(TestBrokers.bootstrap(broker), "t", 1);
        // As clients do: FindCoordinator creates __consumer_offsets; then wait until every shard has loaded.
        client.call(new FindCoordinatorRequest().setKey("any"), new FindCoordinatorResponse(), (short) 3);
        for (int p = 0; p < 4; p++) {
            String group = groupOnPartition(p);
            Eventually.until(GroupClients.SETTLE, () -> "the shard of " + group + " to load", () -> {
                try {
                    return client.call(new OffsetFetchRequest().setGroups(List.of(
                            new OffsetFetchRequest.OffsetFetchRequestGroup().setGroupId(group).setTopics(null))),
                            new OffsetFetchResponse(), (short) 8).groups().get(0).errorCode() == 0;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    /** A group id whose coordinator partition (of 4) is {@code partition}. */
    private static String groupOnPartition(int partition) {
        for (int i = 0; ; i++) {
            String id = "probe-" + i;
            if (io.samsa.broker.group.CoordinatorLocator.partitionFor(id, 4) == partition) {
                return id;
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    static IntStream versions(ApiKey key) {
        return IntStream.rangeClosed(key.lowestVersion(), key.highestStableVersion());
    }

    static IntStream joinVersions() {
        return versions(ApiKey.JOIN_GROUP);
    }

    static IntStream findCoordinatorVersions() {
        return versions(ApiKey.FIND_COORDINATOR);
    }

    static IntStream offsetCommitVersions() {
        return versions(ApiKey.OFFSET_COMMIT);
    }

    @ParameterizedTest
    @MethodSource("findCoordinatorVersions")
    void findCoordinator(int v) throws IOException {
        short version = (short) v;
        int port = TestBrokers.port(broker);
        if (version < 4) {
            FindCoordinatorResponse r = client.call(new FindCoordinatorRequest().setKey("group-" + v),
                    new FindCoordinatorResponse(), version);
            assertEquals(ErrorCode.NONE.code(), r.errorCode());
            assertEquals(broker.config().nodeId(), r.nodeId());
            assertEquals(port, r.port());
            return;
        }
        FindCoordinatorResponse r = client.call(new FindCoordinatorRequest()
                .setCoordinatorKeys(List.of("a-" + v, "b-" + v)), new FindCoordinatorResponse(), version);
        assertEquals(2, r.coordinators().size());
        assertEquals("b-" + v, r.coordinators().get(1).key());
        r.coordinators().forEach(c -> {
            assertEquals(ErrorCode.NONE.code(), c.errorCode());
            assertEquals(port, c.port());
        });
        if (version >= 6) {
            FindCoordinatorResponse share = client.call(new FindCoordinatorRequest().setKeyType((byte) 2)
                    .setCoordinatorKeys(List.of("g:topic:0")), new FindCoordinatorResponse(), version);
            assertEquals(ErrorCode.INVALID_REQUEST.code(), share.coordinators().get(0).errorCode());
        }
    }

    /** Join (two steps from v4), sync, heartbeat and leave, each at the matching version of its API. */
    @ParameterizedTest
    @MethodSource("joinVersions")
    void joinSyncHeartbeatLeave(int v) throws IOException {
        short join = (short) v;
        String group = "classic-v" + v;
        JoinGroupRequest request = new JoinGroupRequest().setGroupId(group).setMemberId("")
                .setSessionTimeoutMs(6000).setRebalanceTimeoutMs(join == 0 ? -1 : 6000).setProtocolType("consumer")
                .setProtocols(List.of(new JoinGroupRequestProtocol().setName("range").setMetadata(SUBSCRIPTION)));
        JoinGroupResponse joined = client.call(request, new JoinGroupResponse(), join);
        if (join >= 4) {
            assertEquals(ErrorCode.MEMBER_ID_REQUIRED.code(), joined.errorCode());
            joined = client.call(request.setMemberId(joined.memberId()), new JoinGroupResponse(), join);
        }
        assertEquals(ErrorCode.NONE.code(), joined.errorCode());
        assertEquals(1, joined.generationId());
        assertEquals("range", joined.protocolName());
        assertEquals(joined.memberId(), joined.leader());
        assertArrayEquals(SUBSCRIPTION, joined.members().get(0).metadata());
        String memberId = joined.memberId();

        short sync = (short) Math.min(v, ApiKey.SYNC_GROUP.highestStableVersion());
        SyncGroupResponse synced = client.call(new SyncGroupRequest().setGroupId(group).setMemberId(memberId)
                .setGenerationId(1).setProtocolType(sync >= 5 ? "consumer" : null)
                .setProtocolName(sync >= 5 ? "range" : null).setAssignments(List.of(
                        new SyncGroupRequestAssignment().setMemberId(memberId).setAssignment(ASSIGNMENT))),
                new SyncGroupResponse(), sync);
        assertEquals(ErrorCode.NONE.code(), synced.errorCode());
        assertArrayEquals(ASSIGNMENT, synced.assignment());

        short beat = (short) Math.min(v, ApiKey.HEARTBEAT.highestStableVersion());
        HeartbeatResponse hb = client.call(new HeartbeatRequest().setGroupId(group).setMemberId(memberId)
                .setGenerationId(1), new HeartbeatResponse(), beat);
        assertEquals(ErrorCode.NONE.code(), hb.errorCode());
        HeartbeatResponse stale = client.call(new HeartbeatRequest().setGroupId(group).setMemberId(memberId)
                .setGenerationId(2), new HeartbeatResponse(), beat);
        assertEquals(ErrorCode.ILLEGAL_GENERATION.code(), stale.errorCode());

        short leave = (short) Math.min(v, ApiKey.LEAVE_GROUP.highestStableVersion());
        LeaveGroupRequest leaving = leave >= 3
                ? new LeaveGroupRequest().setGroupId(group).setMembers(List.of(
                new LeaveGroupRequest.MemberIdentity().setMemberId(memberId)))
                : new LeaveGroupRequest().setGroupId(group).setMemberId(memberId);
        LeaveGroupResponse left = client.call(leaving, new LeaveGroupResponse(), leave);
        assertEquals(ErrorCode.NONE.code(), left.errorCode());
        LeaveGroupResponse again = client.call(leaving, new LeaveGroupResponse(), leave);
        short gone = leave >= 3 ? again.members().get(0).errorCode() : again.errorCode();
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), gone);
    }

    /** Commit at version v, then read back with every OffsetFetch version. */
    @ParameterizedTest
    @MethodSource("offsetCommitVersions")
    void offsetCommitAndFetch(int v) throws IOException {
        short commit = (short) v;
        String group = "offsets-v" + v;
        UUID topicId = broker.services().metadata().image().topic("t").map(TopicImage::topicId).orElseThrow();
        OffsetCommitRequestTopic topic = new OffsetCommitRequestTopic().setPartitions(List.of(
                new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(100 + v)
                        .setCommittedMetadata("m" + v)));
        if (commit >= 10) {
            topic.setTopicId(topicId);
        } else {
            topic.setName("t");
        }
        OffsetCommitResponse committed = client.call(new OffsetCommitRequest().setGroupId(group)
                .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(List.of(topic)),
                new OffsetCommitResponse(), commit);
        assertEquals(ErrorCode.NONE.code(), committed.topics().get(0).partitions().get(0).errorCode());

        for (int f = ApiKey.OFFSET_FETCH.lowestVersion(); f <= ApiKey.OFFSET_FETCH.highestStableVersion(); f++) {
            long offset = fetchOffset(group, topicId, (short) f);
            assertEquals(100 + v, offset, "OffsetFetch v" + f);
        }
    }

    private static long fetchOffset(String group, UUID topicId, short version) throws IOException {
        if (version < 8) {
            OffsetFetchResponse r = client.call(new OffsetFetchRequest().setGroupId(group).setTopics(List.of(
                    new OffsetFetchRequest.OffsetFetchRequestTopic().setName("t").setPartitionIndexes(List.of(0)))),
                    new OffsetFetchResponse(), version);
            assertEquals(ErrorCode.NONE.code(), r.errorCode());
            return r.topics().get(0).partitions().get(0).committedOffset();
        }
        OffsetFetchRequest.OffsetFetchRequestTopics topic = new OffsetFetchRequest.OffsetFetchRequestTopics()
                .setPartitionIndexes(List.of(0));
        if (version >= 10) {
            topic.setTopicId(topicId);
        } else {
            topic.setName("t");
        }
        OffsetFetchResponse r = client.call(new OffsetFetchRequest().setRequireStable(true).setGroups(List.of(
                new OffsetFetchRequest.OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(topic)),
                new OffsetFetchRequest.OffsetFetchRequestGroup().setGroupId("no-such-group").setTopics(null))),
                new OffsetFetchResponse(), version);
        assertEquals(2, r.groups().size());
        assertTrue(r.groups().get(1).topics().isEmpty(), "an unknown group has no offsets");
        return r.groups().get(0).topics().get(0).partitions().get(0).committedOffset();
    }

    @Test
    void unknownTopicsInOffsetCommitAreRefusedPerPartition() throws IOException {
        OffsetCommitResponse byName = client.call(new OffsetCommitRequest().setGroupId("unknown-topics")
                .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(new OffsetCommitRequestTopic().setName("nope")
                        .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(0))))),
                new OffsetCommitResponse(), (short) 9);
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), byName.topics().get(0).partitions().get(0)
                .errorCode());
        OffsetCommitResponse byId = client.call(new OffsetCommitRequest().setGroupId("unknown-topics")
                .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(new OffsetCommitRequestTopic()
                        .setTopicId(UUID.randomUUID())
                        .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(0))))),
                new OffsetCommitResponse(), (short) 10);
        assertEquals(ErrorCode.UNKNOWN_TOPIC_ID.code(), byId.topics().get(0).partitions().get(0).errorCode());
    }

    @Test
    void adminApisAtEveryVersion() throws IOException {
        String group = "admin-versions";
        client.call(new OffsetCommitRequest().setGroupId(group).setGenerationIdOrMemberEpoch(-1)
                .setTopics(List.of(new OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
                        new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1))))),
                new OffsetCommitResponse(), (short) 9);
        for (int v = 0; v <= ApiKey.DESCRIBE_GROUPS.highestStableVersion(); v++) {
            DescribeGroupsResponse r = client.call(new DescribeGroupsRequest().setGroups(List.of(group, "missing"))
                    .setIncludeAuthorizedOperations(v >= 3), new DescribeGroupsResponse(), (short) v);
            assertEquals("Empty", r.groups().get(0).groupState(), "v" + v);
            assertEquals(v >= 6 ? ErrorCode.GROUP_ID_NOT_FOUND.code() : 0, r.groups().get(1).errorCode());
            assertEquals("Dead", r.groups().get(1).groupState());
        }
        for (int v = 0; v <= ApiKey.LIST_GROUPS.highestStableVersion(); v++) {
            ListGroupsRequest request = new ListGroupsRequest();
            if (v >= 4) {
                request.setStatesFilter(List.of("EMPTY"));
            }
            if (v >= 5) {
                request.setTypesFilter(List.of("Classic"));
            }
            ListGroupsResponse r = client.call(request, new ListGroupsResponse(), (short) v);
            assertEquals(ErrorCode.NONE.code(), r.errorCode());
            assertTrue(r.groups().stream().anyMatch(g -> g.groupId().equals(group)), "v" + v);
        }
        for (int v = 0; v <= ApiKey.CONSUMER_GROUP_DESCRIBE.highestStableVersion(); v++) {
            ConsumerGroupDescribeResponse r = client.call(new ConsumerGroupDescribeRequest()
                    .setGroupIds(List.of(group)), new ConsumerGroupDescribeResponse(), (short) v);
            assertEquals(ErrorCode.GROUP_ID_NOT_FOUND.code(), r.groups().get(0).errorCode(),
                    "classic groups are not consumer groups (pitfall 16)");
        }
        OffsetDeleteResponse deleted = client.call(new OffsetDeleteRequest().setGroupId(group).setTopics(List.of(
                new OffsetDeleteRequest.OffsetDeleteRequestTopic().setName("t").setPartitions(List.of(
                        new OffsetDeleteRequest.OffsetDeleteRequestPartition().setPartitionIndex(0))))),
                new OffsetDeleteResponse(), (short) 0);
        assertEquals(ErrorCode.NONE.code(), deleted.errorCode());
        assertEquals(ErrorCode.NONE.code(), deleted.topics().get(0).partitions().get(0).errorCode());
        List<String> deletedGroups = new ArrayList<>();
        for (int v = 0; v <= ApiKey.DELETE_GROUPS.highestStableVersion(); v++) {
            DeleteGroupsResponse r = client.call(new DeleteGroupsRequest().setGroupsNames(List.of(group)),
                    new DeleteGroupsResponse(), (short) v);
            deletedGroups.add(ErrorCode.forCode(r.results().get(0).errorCode()).name());
        }
        assertEquals(List.of("NONE", "GROUP_ID_NOT_FOUND", "GROUP_ID_NOT_FOUND", "GROUP_ID_NOT_FOUND"),
                deletedGroups.subList(0, Math.min(4, deletedGroups.size())));
    }
}
