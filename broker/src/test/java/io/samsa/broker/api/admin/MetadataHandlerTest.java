package io.samsa.broker.api.admin;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.broker.testing.TestBrokers;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.CreateTopicsRequest;
import io.samsa.protocol.message.CreateTopicsResponse;
import io.samsa.protocol.message.MetadataRequest;
import io.samsa.protocol.message.MetadataRequest.MetadataRequestTopic;
import io.samsa.protocol.message.MetadataResponse;
import io.samsa.protocol.message.MetadataResponse.MetadataResponsePartition;
import io.samsa.protocol.message.MetadataResponse.MetadataResponseTopic;
import io.samsa.protocol.wire.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metadata over a raw socket: every version, auto-creation, topic ids and Kafka's errors. */
class MetadataHandlerTest {
    private static final long DEADLINE_MS = 10_000;

    @TempDir
    static Path dir;
    static Broker broker;
    static RawKafkaClient client;
    static UUID knownId;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> props = TestBrokers.singleNodeProps(dir);
        props.put("num.partitions", "3");
        props.put("offsets.topic.num.partitions", "2");
        props.put("broker.rack", "rack-a");
        broker = TestBrokers.start(props);
        client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker));
        CreateTopicsRequest create = new CreateTopicsRequest();
        create.topics().add(new CreateTopicsRequest.CreatableTopic().setName("known").setNumPartitions(2)
                .setReplicationFactor((short) 1));
        CreateTopicsResponse created = client.call(create, new CreateTopicsResponse(), (short) 7);
        assertEquals(ErrorCode.NONE.code(), created.topics().get(0).errorCode());
        knownId = created.topics().get(0).topicId();
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        broker.stop();
    }

    @Test
    void everyVersionDescribesBrokersControllerAndTopics() throws Exception {
        for (short v = 0; v <= 13; v++) {
            MetadataRequest request = new MetadataRequest().setTopics(topics("known"));
            if (v >= 4) {
                request.setAllowAutoTopicCreation(false);
            }
            MetadataResponse response = client.call(request, new MetadataResponse(), v);
            assertEquals(1, response.brokers().size(), "v" + v);
            assertEquals(TestBrokers.port(broker), response.brokers().get(0).port());
            assertEquals("127.0.0.1", response.brokers().get(0).host());
            assertEquals(v >= 1 ? "rack-a" : null, response.brokers().get(0).rack(), "v" + v);
            assertEquals(v >= 1 ? 1 : -1, response.controllerId(), "a live controller from v1, v" + v);
            assertEquals(v >= 2, response.clusterId() != null, "cluster id from v2, v" + v);
            MetadataResponseTopic topic = response.topics().get(0);
            assertEquals(ErrorCode.NONE.code(), topic.errorCode(), "v" + v);
            assertEquals(2, topic.partitions().size());
            assertEquals(v >= 10 ? knownId : Wire.ZERO_UUID, topic.topicId(), "topic ids from v10, v" + v);
            for (MetadataResponsePartition p : topic.partitions()) {
                assertEquals(ErrorCode.NONE.code(), p.errorCode());
                assertEquals(1, p.leaderId());
                assertEquals(v >= 7 ? 0 : -1, p.leaderEpoch(), "leader epoch from v7, v" + v);
                assertEquals(List.of(1), p.replicaNodes());
                assertEquals(List.of(1), p.isrNodes());
                assertEquals(List.of(), p.offlineReplicas());
            }
        }
    }

    @Test
    void allTopicsWhenNullOrEmptyAtV0() throws Exception {
        MetadataResponse v0 = client.call(new MetadataRequest().setTopics(new ArrayList<>()), new MetadataResponse(),
                (short) 0);
        assertTrue(v0.topics().stream().anyMatch(t -> t.name().equals("known")));
        MetadataResponse v1Empty = client.call(new MetadataRequest().setTopics(new ArrayList<>()),
                new MetadataResponse(), (short) 1);
        assertEquals(0, v1Empty.topics().size(), "an empty list is no topics from v1");
        MetadataResponse v12All = client.call(new MetadataRequest().setTopics(null), new MetadataResponse(),
                (short) 12);
        assertTrue(v12All.topics().stream().anyMatch(t -> t.name().equals("known")));
    }

    @Test
    void unknownTopicIsAutoCreatedWithNumPartitions() throws Exception {
        MetadataResponse first = client.call(new MetadataRequest().setTopics(topics("auto-made")),
                new MetadataResponse(), (short) 12);
        // Kafka 4 answers UNKNOWN_TOPIC_OR_PARTITION while the controller creates the topic.
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), first.topics().get(0).errorCode());
        MetadataResponseTopic created = awaitTopic("auto-made");
        assertEquals(3, created.partitions().size(), "num.partitions");
        assertTrue(created.partitions().stream().allMatch(p -> p.leaderId() == 1));
        assertNotEquals(Wire.ZERO_UUID, created.topicId());
    }

    @Test
    void internalTopicsAreCreatedWithTheirOwnSettingsAndFlagged() throws Exception {
        client.call(new MetadataRequest().setTopics(topics("__consumer_offsets")), new MetadataResponse(), (short) 9);
        MetadataResponseTopic offsets = awaitTopic("__consumer_offsets");
        assertTrue(offsets.isInternal());
        assertEquals(2, offsets.partitions().size(), "offsets.topic.num.partitions");
        assertEquals("compact", broker.services().metadata().image().topicConfigs("__consumer_offsets")
                .get("cleanup.policy"));
    }

    @Test
    void noAutoCreationWhenTheRequestForbidsIt() throws Exception {
        MetadataResponse response = client.call(new MetadataRequest().setTopics(topics("not-wanted"))
                .setAllowAutoTopicCreation(false), new MetadataResponse(), (short) 11);
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), response.topics().get(0).errorCode());
        // A later request goes through the same metadata log, so a creation would have been applied by now.
        client.call(new MetadataRequest().setTopics(topics("known")), new MetadataResponse(), (short) 11);
        assertTrue(broker.services().metadata().image().topic("not-wanted").isEmpty());
    }

    @Test
    void illegalNamesAreInvalidTopicWithOrWithoutAutoCreation() throws Exception {
        for (boolean allow : new boolean[] {true, false}) {
            MetadataResponse response = client.call(new MetadataRequest()
                    .setTopics(topics("bad name", "..", "x".repeat(250))).setAllowAutoTopicCreation(allow),
                    new MetadataResponse(), (short) 12);
            assertEquals(3, response.topics().size());
            for (MetadataResponseTopic topic : response.topics()) {
                assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION.code(), topic.errorCode(), topic.name());
            }
        }
    }

    @Test
    void topicIdsFromV12AndUnknownIds() throws Exception {
        UUID stale = UUID.randomUUID();
        MetadataRequest request = new MetadataRequest().setAllowAutoTopicCreation(false);
        request.topics().add(new MetadataRequestTopic().setTopicId(knownId).setName(null));
        request.topics().add(new MetadataRequestTopic().setTopicId(stale).setName(null));
        MetadataResponse response = client.call(request, new MetadataResponse(), (short) 12);
        MetadataResponseTopic unknown = response.topics().stream().filter(t -> t.topicId().equals(stale)).findFirst()
                .orElseThrow();
        assertEquals(ErrorCode.UNKNOWN_TOPIC_ID.code(), unknown.errorCode());
        assertNull(unknown.name());
        MetadataResponseTopic known = response.topics().stream().filter(t -> knownId.equals(t.topicId()))
                .findFirst().orElseThrow();
        assertEquals("known", known.name());
        assertEquals(2, known.partitions().size());

        MetadataRequest idBeforeV12 = new MetadataRequest();
        idBeforeV12.topics().add(new MetadataRequestTopic().setTopicId(knownId).setName("known"));
        MetadataResponse refused = client.call(idBeforeV12, new MetadataResponse(), (short) 10);
        assertEquals(ErrorCode.INVALID_REQUEST.code(), refused.topics().get(0).errorCode());
    }

    @Test
    void authorizedOperationsOnlyWhenAsked() throws Exception {
        MetadataResponse plain = client.call(new MetadataRequest().setTopics(topics("known")), new MetadataResponse(),
                (short) 10);
        assertEquals(Integer.MIN_VALUE, plain.clusterAuthorizedOperations());
        assertEquals(Integer.MIN_VALUE, plain.topics().get(0).topicAuthorizedOperations());
        MetadataResponse asked = client.call(new MetadataRequest().setTopics(topics("known"))
                .setIncludeClusterAuthorizedOperations(true).setIncludeTopicAuthorizedOperations(true),
                new MetadataResponse(), (short) 10);
        // No authorizer: every operation the resource type supports, as Kafka reports.
        assertEquals(8096, asked.clusterAuthorizedOperations());
        assertEquals(3576, asked.topics().get(0).topicAuthorizedOperations());
    }

    @Test
    void brokerWideAutoCreateSwitchIsHonoured(@TempDir Path other) throws Exception {
        Map<String, String> props = TestBrokers.singleNodeProps(other);
        props.put("auto.create.topics.enable", "false");
        Broker strict = TestBrokers.start(props);
        try (RawKafkaClient strictClient = new RawKafkaClient("127.0.0.1", TestBrokers.port(strict))) {
            MetadataResponse response = strictClient.call(new MetadataRequest().setTopics(topics("never")),
                    new MetadataResponse(), (short) 12);
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), response.topics().get(0).errorCode());
            strictClient.call(new MetadataRequest().setTopics(topics("never")), new MetadataResponse(), (short) 12);
            assertFalse(strict.services().metadata().image().topic("never").isPresent());
        } finally {
            strict.stop();
        }
    }

    private static MetadataResponseTopic awaitTopic(String name) throws IOException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            MetadataResponse response = client.call(new MetadataRequest().setTopics(topics(name))
                    .setAllowAutoTopicCreation(false), new MetadataResponse(), (short) 12);
            MetadataResponseTopic topic = response.topics().get(0);
            if (topic.errorCode() == ErrorCode.NONE.code()) {
                assertNotNull(topic.name());
                return topic;
            }
        }
        throw new AssertionError(name + " was not created within " + DEADLINE_MS + " ms");
    }

    private static List<MetadataRequestTopic> topics(String... names) {
        List<MetadataRequestTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new MetadataRequestTopic().setName(name));
        }
        return topics;
    }
}
