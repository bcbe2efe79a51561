package io.samsa.broker.api.admin;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.broker.testing.TestBrokers;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.CreatePartitionsRequest;
import io.samsa.protocol.message.CreatePartitionsResponse;
import io.samsa.protocol.message.CreateTopicsRequest;
import io.samsa.protocol.message.CreateTopicsRequest.CreatableReplicaAssignment;
import io.samsa.protocol.message.CreateTopicsRequest.CreatableTopic;
import io.samsa.protocol.message.CreateTopicsRequest.CreatableTopicConfig;
import io.samsa.protocol.message.CreateTopicsResponse;
import io.samsa.protocol.message.CreateTopicsResponse.CreatableTopicResult;
import io.samsa.protocol.message.DeleteTopicsRequest;
import io.samsa.protocol.message.DeleteTopicsRequest.DeleteTopicState;
import io.samsa.protocol.message.DeleteTopicsResponse;
import io.samsa.protocol.wire.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CreateTopics, DeleteTopics and CreatePartitions edge cases over a raw socket, with the error codes and messages a
 * Kafka 4.4 broker gives for the same requests.
 */
class TopicRequestsTest {
    @TempDir
    static Path dir;
    static Broker broker;
    static RawKafkaClient client;

    @BeforeAll
    static void start() throws IOException {
        broker = TestBrokers.start(dir);
        client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker));
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        broker.stop();
    }

    @Test
    void createTopicsRequestLevelErrors() throws Exception {
        CreateTopicsRequest request = new CreateTopicsRequest();
        request.topics().add(topic("twice", 1, 1));
        request.topics().add(topic("twice", 1, 1));
        request.topics().add(topic("__cluster_metadata", 1, 1));
        request.topics().add(topic("null-config", 1, 1).setConfigs(List.of(
                new CreatableTopicConfig().setName("retention.ms").setValue(null))));
        CreatableTopic assignedWithFactor = topic("assigned-rf", -1, 1);
        assignedWithFactor.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0)
                .setBrokerIds(List.of(1)));
        request.topics().add(assignedWithFactor);
        request.topics().add(topic("zero-partitions", 0, 1));
        Map<String, CreatableTopicResult> results = byName(client.call(request, new CreateTopicsResponse(),
                (short) 7));
        assertEquals(5, results.size());
        assertError(results.get("twice"), ErrorCode.INVALID_REQUEST, "Duplicate topic name.");
        assertError(results.get("__cluster_metadata"), ErrorCode.INVALID_REQUEST,
                "Creation of internal topic __cluster_metadata is prohibited.");
        assertError(results.get("null-config"), ErrorCode.INVALID_CONFIG,
                "Null value not supported for topic configs: retention.ms");
        assertError(results.get("assigned-rf"), ErrorCode.INVALID_REQUEST,
                "A manual partition assignment was specified, but replication factor was not set to -1.");
        assertError(results.get("zero-partitions"), ErrorCode.INVALID_PARTITIONS,
                "Number of partitions was set to an invalid non-positive value.");
        assertTrue(broker.services().metadata().image().topic("twice").isEmpty());
    }

    @Test
    void createTopicsV5DescribesTheTopicAsCreated() throws Exception {
        CreateTopicsRequest request = new CreateTopicsRequest();
        request.topics().add(topic("described-at-birth", 2, 1).setConfigs(List.of(
                new CreatableTopicConfig().setName("cleanup.policy").setValue("compact"))));
        CreatableTopicResult result = client.call(request, new CreateTopicsResponse(), (short) 5).topics().get(0);
        assertEquals(ErrorCode.NONE.code(), result.errorCode());
        assertEquals(null, result.errorMessage());
        assertEquals(2, result.numPartitions());
        assertEquals(1, result.replicationFactor());
        Map<String, CreateTopicsResponse.CreatableTopicConfigs> configs = result.configs().stream()
                .collect(Collectors.toMap(CreateTopicsResponse.CreatableTopicConfigs::name, c -> c));
        assertEquals(ConfigAdminTest.KAFKA_TOPIC_CONFIGS, configs.keySet());
        assertEquals("compact", configs.get("cleanup.policy").value());
        assertEquals(1, configs.get("cleanup.policy").configSource(), "TOPIC_CONFIG");
        assertEquals("604800000", configs.get("retention.ms").value());
        assertEquals(5, configs.get("retention.ms").configSource(), "DEFAULT_CONFIG");
    }

    @Test
    void namesThatDifferOnlyInDotAndUnderscoreCollide() throws Exception {
        CreateTopicsRequest first = new CreateTopicsRequest();
        first.topics().add(topic("metrics_clash", 1, 1));
        assertEquals(ErrorCode.NONE.code(), client.call(first, new CreateTopicsResponse(), (short) 7).topics().get(0)
                .errorCode());
        CreateTopicsRequest second = new CreateTopicsRequest();
        second.topics().add(topic("metrics.clash", 1, 1));
        CreatableTopicResult clash = client.call(second, new CreateTopicsResponse(), (short) 7).topics().get(0);
        assertError(clash, ErrorCode.INVALID_TOPIC_EXCEPTION,
                "Topic 'metrics.clash' collides with existing topic: metrics_clash");
        CreatableTopicResult again = client.call(first, new CreateTopicsResponse(), (short) 7).topics().get(0);
        assertError(again, ErrorCode.TOPIC_ALREADY_EXISTS, "Topic 'metrics_clash' already exists.");
    }

    @Test
    void aTimeoutOfZeroHasExpiredBeforeTheControllerActs() throws Exception {
        CreateTopicsRequest create = new CreateTopicsRequest().setTimeoutMs(0);
        create.topics().add(topic("never-in-time", 1, 1));
        assertEquals(ErrorCode.REQUEST_TIMED_OUT.code(), client.call(create, new CreateTopicsResponse(), (short) 7)
                .topics().get(0).errorCode());
        assertTrue(broker.services().metadata().image().topic("never-in-time").isEmpty());

        CreateTopicsRequest existing = new CreateTopicsRequest();
        existing.topics().add(topic("stays-small", 1, 1));
        client.call(existing, new CreateTopicsResponse(), (short) 7);
        CreatePartitionsRequest grow = new CreatePartitionsRequest().setTimeoutMs(0);
        grow.topics().add(new CreatePartitionsRequest.CreatePartitionsTopic().setName("stays-small").setCount(3)
                .setAssignments(null));
        assertEquals(ErrorCode.REQUEST_TIMED_OUT.code(), client.call(grow, new CreatePartitionsResponse(), (short) 3)
                .results().get(0).errorCode());
        DeleteTopicsRequest delete = new DeleteTopicsRequest().setTimeoutMs(0);
        delete.topics().add(new DeleteTopicState().setName("stays-small"));
        assertEquals(ErrorCode.REQUEST_TIMED_OUT.code(), client.call(delete, new DeleteTopicsResponse(), (short) 6)
                .responses().get(0).errorCode());
        assertEquals(1, broker.services().metadata().image().topic("stays-small").orElseThrow().numPartitions());
    }

    @Test
    void createPartitionsValidateOnlyAndExplicitAssignments() throws Exception {
        CreateTopicsRequest create = new CreateTopicsRequest();
        create.topics().add(topic("growing-raw", 1, 1));
        client.call(create, new CreateTopicsResponse(), (short) 7);
        CreatePartitionsRequest dryRun = new CreatePartitionsRequest().setTimeoutMs(30_000).setValidateOnly(true);
        dryRun.topics().add(new CreatePartitionsRequest.CreatePartitionsTopic().setName("growing-raw").setCount(4)
                .setAssignments(null));
        assertEquals(ErrorCode.NONE.code(), client.call(dryRun, new CreatePartitionsResponse(), (short) 3).results()
                .get(0).errorCode());
        assertEquals(1, broker.services().metadata().image().topic("growing-raw").orElseThrow().numPartitions());

        CreatePartitionsRequest assigned = new CreatePartitionsRequest().setTimeoutMs(30_000);
        CreatePartitionsRequest.CreatePartitionsTopic topic = new CreatePartitionsRequest.CreatePartitionsTopic()
                .setName("growing-raw").setCount(3);
        topic.assignments().add(new CreatePartitionsRequest.CreatePartitionsAssignment().setBrokerIds(List.of(1)));
        assigned.topics().add(topic);
        CreatePartitionsResponse.CreatePartitionsTopicResult tooFew = client.call(assigned,
                new CreatePartitionsResponse(), (short) 3).results().get(0);
        assertEquals(ErrorCode.INVALID_REPLICA_ASSIGNMENT.code(), tooFew.errorCode());
        assertEquals("Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.",
                tooFew.errorMessage());
        topic.assignments().add(new CreatePartitionsRequest.CreatePartitionsAssignment().setBrokerIds(List.of(1)));
        assertEquals(ErrorCode.NONE.code(), client.call(assigned, new CreatePartitionsResponse(), (short) 3)
                .results().get(0).errorCode());
        assertEquals(3, broker.services().metadata().image().topic("growing-raw").orElseThrow().numPartitions());
    }

    @Test
    void deleteTopicsSortsOutNamesAndIdsAsKafkaDoes() throws Exception {
        CreateTopicsRequest create = new CreateTopicsRequest();
        create.topics().add(topic("delete-me", 1, 1));
        UUID id = client.call(create, new CreateTopicsResponse(), (short) 7).topics().get(0).topicId();
        UUID unknownId = UUID.randomUUID();
        DeleteTopicsRequest request = new DeleteTopicsRequest().setTimeoutMs(30_000);
        request.topics().add(new DeleteTopicState().setName(null).setTopicId(id));
        request.topics().add(new DeleteTopicState().setName(null).setTopicId(unknownId));
        request.topics().add(new DeleteTopicState().setName("no-such-topic"));
        request.topics().add(new DeleteTopicState().setName(null));
        request.topics().add(new DeleteTopicState().setName("both").setTopicId(UUID.randomUUID()));
        request.topics().add(new DeleteTopicState().setName("dup"));
        request.topics().add(new DeleteTopicState().setName("dup"));
        DeleteTopicsResponse response = client.call(request, new DeleteTopicsResponse(), (short) 6);
        List<String> results = response.responses().stream().map(r -> r.name() + "/" + (r.topicId().equals(id)
                ? "id" : r.topicId().equals(unknownId) ? "unknown-id" : r.topicId().equals(Wire.ZERO_UUID) ? "zero"
                : "other") + "/" + r.errorCode() + "/" + r.errorMessage()).sorted().toList();
        assertEquals(List.of(
                "both/other/42/You may not specify both topic name and topic id.",
                "delete-me/id/0/null",
                "dup/zero/42/Duplicate topic name.",
                "no-such-topic/zero/3/This server does not host this topic-partition.",
                "null/unknown-id/100/This server does not host this topic ID.",
                "null/zero/42/Neither topic name nor id were specified."), results);
        assertTrue(broker.services().metadata().image().topic(id).isEmpty());
    }

    @Test
    void deletionCanBeDisabled(@TempDir Path other) throws Exception {
        Map<String, String> props = TestBrokers.singleNodeProps(other);
        props.put("delete.topic.enable", "false");
        Broker locked = TestBrokers.start(props);
        try (RawKafkaClient lockedClient = new RawKafkaClient("127.0.0.1", TestBrokers.port(locked))) {
            CreateTopicsRequest create = new CreateTopicsRequest();
            create.topics().add(topic("permanent", 1, 1));
            lockedClient.call(create, new CreateTopicsResponse(), (short) 7);
            DeleteTopicsRequest v6 = new DeleteTopicsRequest().setTimeoutMs(30_000);
            v6.topics().add(new DeleteTopicState().setName("permanent"));
            assertEquals(ErrorCode.TOPIC_DELETION_DISABLED.code(), lockedClient.call(v6, new DeleteTopicsResponse(),
                    (short) 6).responses().get(0).errorCode());
            DeleteTopicsRequest v2 = new DeleteTopicsRequest().setTimeoutMs(30_000).setTopicNames(List.of("permanent"));
            assertEquals(ErrorCode.INVALID_REQUEST.code(), lockedClient.call(v2, new DeleteTopicsResponse(), (short) 2)
                    .responses().get(0).errorCode(), "before v3 Kafka has no TOPIC_DELETION_DISABLED");
            assertTrue(locked.services().metadata().image().topic("permanent").isPresent());
        } finally {
            locked.stop();
        }
    }

    private static CreatableTopic topic(String name, int partitions, int replicationFactor) {
        return new CreatableTopic().setName(name).setNumPartitions(partitions)
                .setReplicationFactor((short) replicationFactor);
    }

    private static Map<String, CreatableTopicResult> byName(CreateTopicsResponse response) {
        return response.topics().stream().collect(Collectors.toMap(CreatableTopicResult::name, r -> r));
    }

    private static void assertError(CreatableTopicResult result, ErrorCode error, String message) {
        assertEquals(error.code(), result.errorCode(), result.name());
        assertEquals(message, result.errorMessage(), result.name());
    }
}
