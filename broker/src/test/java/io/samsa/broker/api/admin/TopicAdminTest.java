package io.samsa.broker.api.admin;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.TestBrokers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topic administration with the real kafka-clients AdminClient against a broker on loopback. */
class TopicAdminTest {
    @TempDir
    static Path dir;
    static Broker broker;
    static Admin admin;

    @BeforeAll
    static void start() {
        Map<String, String> props = TestBrokers.singleNodeProps(dir);
        props.put("num.partitions", "3");
        broker = TestBrokers.start(props);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.bootstrap(broker),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.stop();
    }

    @Test
    void createdTopicShowsItsLeadersAtOnce() throws Exception {
        CreateTopicsResult result = admin.createTopics(List.of(new NewTopic("orders", 4, (short) 1)));
        result.all().get(10, TimeUnit.SECONDS);
        assertEquals(4, result.numPartitions("orders").get());
        assertEquals(1, result.replicationFactor("orders").get());
        Uuid id = result.topicId("orders").get();
        assertNotEquals(Uuid.ZERO_UUID, id);
        assertEquals("delete", result.config("orders").get().get("cleanup.policy").value());

        // No retry loop: the answer came only after the local image had the topic.
        TopicDescription described = describe("orders");
        assertEquals(id, described.topicId());
        assertEquals(4, described.partitions().size());
        for (TopicPartitionInfo p : described.partitions()) {
            assertEquals(1, p.leader().id());
            assertEquals(List.of(1), p.replicas().stream().map(n -> n.id()).toList());
            assertEquals(List.of(1), p.isr().stream().map(n -> n.id()).toList());
        }
    }

    @Test
    void minusOneUsesTheBrokerDefaults() throws Exception {
        CreateTopicsResult result = admin.createTopics(List.of(new NewTopic("defaults", Optional.empty(),
                Optional.empty())));
        result.all().get(10, TimeUnit.SECONDS);
        assertEquals(3, result.numPartitions("defaults").get(), "num.partitions");
        assertEquals(1, result.replicationFactor("defaults").get(), "default.replication.factor");
    }

    @Test
    void explicitAssignmentsAndConfigsAreKept() throws Exception {
        NewTopic topic = new NewTopic("assigned", Map.of(0, List.of(1), 1, List.of(1)))
                .configs(Map.of("cleanup.policy", "compact", "retention.ms", "1000"));
        CreateTopicsResult result = admin.createTopics(List.of(topic));
        result.all().get(10, TimeUnit.SECONDS);
        assertEquals(2, describe("assigned").partitions().size());
        assertEquals("compact", result.config("assigned").get().get("cleanup.policy").value());
        assertEquals("1000", result.config("assigned").get().get("retention.ms").value());
    }

    @Test
    void duplicateTopicIsTopicExists() throws Exception {
        admin.createTopics(List.of(new NewTopic("twice", 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic("twice", 1, (short) 1))).all().get(10, TimeUnit.SECONDS));
        assertInstanceOf(TopicExistsException.class, e.getCause());
    }

    @Test
    void invalidNamesAreInvalidTopic() {
        for (String name : List.of("bad name", "..", "a".repeat(250), "topic/x")) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(10, TimeUnit.SECONDS),
                    name);
            assertInstanceOf(InvalidTopicException.class, e.getCause(), name);
        }
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        CreateTopicsResult result = admin.createTopics(List.of(new NewTopic("dry-run", 2, (short) 1)),
                new CreateTopicsOptions().validateOnly(true));
        result.all().get(10, TimeUnit.SECONDS);
        assertEquals(2, result.numPartitions("dry-run").get());
        assertFalse(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains("dry-run"));
    }

    @Test
    void replicationFactorAboveTheLiveBrokersIsRefused() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic("rf3", 1, (short) 3))).all().get(10, TimeUnit.SECONDS));
        assertInstanceOf(InvalidReplicationFactorException.class, e.getCause());
    }

    @Test
    void badConfigsAreInvalidConfig() {
        for (Map<String, String> configs : List.of(Map.of("retention.ms", "soon"), Map.of("no.such.config", "1"),
                Map.of("cleanup.policy", "shred"), Map.of("remote.storage.enable", "true"))) {
            NewTopic topic = new NewTopic("bad-config", 1, (short) 1).configs(configs);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS), configs.toString());
            assertInstanceOf(InvalidConfigurationException.class, e.getCause(), configs.toString());
        }
    }

    @Test
    void deleteByNameAndById() throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic("gone-by-name", 1, (short) 1),
                new NewTopic("gone-by-id", 1, (short) 1)));
        created.all().get(10, TimeUnit.SECONDS);
        Uuid id = created.topicId("gone-by-id").get();

        admin.deleteTopics(TopicCollection.ofTopicNames(List.of("gone-by-name"))).all().get(10, TimeUnit.SECONDS);
        admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get(10, TimeUnit.SECONDS);

        Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        assertFalse(names.contains("gone-by-name"));
        assertFalse(names.contains("gone-by-id"));
        ExecutionException unknownName = assertThrows(ExecutionException.class, () -> admin.deleteTopics(
                TopicCollection.ofTopicNames(List.of("gone-by-name"))).all().get(10, TimeUnit.SECONDS));
        assertInstanceOf(UnknownTopicOrPartitionException.class, unknownName.getCause());
        ExecutionException unknownId = assertThrows(ExecutionException.class, () -> admin.deleteTopics(
                TopicCollection.ofTopicIds(List.of(id))).all().get(10, TimeUnit.SECONDS));
        assertInstanceOf(UnknownTopicIdException.class, unknownId.getCause());
    }

    @Test
    void createPartitionsShowsInMetadataAtOnce() throws Exception {
        admin.createTopics(List.of(new NewTopic("growing", 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5))).all().get(10, TimeUnit.SECONDS);
        assertEquals(5, describe("growing").partitions().size());
        assertEquals(5, admin.describeTopics(TopicCollection.ofTopicIds(List.of(describe("growing").topicId())))
                .allTopicIds().get(10, TimeUnit.SECONDS).values().iterator().next().partitions().size());

        ExecutionException same = assertThrows(ExecutionException.class, () -> admin.createPartitions(
                Map.of("growing", NewPartitions.increaseTo(5))).all().get(10, TimeUnit.SECONDS));
        assertInstanceOf(InvalidPartitionsException.class, same.getCause());
        ExecutionException fewer = assertThrows(ExecutionException.class, () -> admin.createPartitions(
                Map.of("growing", NewPartitions.increaseTo(2))).all().get(10, TimeUnit.SECONDS));
        assertInstanceOf(InvalidPartitionsException.class, fewer.getCause());
        ExecutionException unknown = assertThrows(ExecutionException.class, () -> admin.createPartitions(
                Map.of("no-such-topic", NewPartitions.increaseTo(2))).all().get(10, TimeUnit.SECONDS));
        assertInstanceOf(UnknownTopicOrPartitionException.class, unknown.getCause());
    }

    @Test
    void describeTopicsByNameAndByIdAndUnknown() throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic("described", 2, (short) 1)));
        created.all().get(10, TimeUnit.SECONDS);
        Uuid id = created.topicId("described").get();
        TopicDescription byName = describe("described");
        TopicDescription byId = admin.describeTopics(TopicCollection.ofTopicIds(List.of(id))).allTopicIds()
                .get(10, TimeUnit.SECONDS).get(id);
        assertEquals("described", byId.name());
        assertEquals(byName.partitions().size(), byId.partitions().size());
        assertFalse(byName.isInternal());

        ExecutionException unknown = assertThrows(ExecutionException.class, () -> describe("never-created"));
        assertInstanceOf(UnknownTopicOrPartitionException.class, unknown.getCause());
        ExecutionException unknownId = assertThrows(ExecutionException.class, () -> admin.describeTopics(
                TopicCollection.ofTopicIds(List.of(Uuid.randomUuid()))).allTopicIds().get(10, TimeUnit.SECONDS));
        assertInstanceOf(UnknownTopicIdException.class, unknownId.getCause());
    }

    @Test
    void describeTopicsPagesThroughCursors() throws Exception {
        admin.createTopics(List.of(new NewTopic("paged-a", 5, (short) 1), new NewTopic("paged-b", 3, (short) 1),
                new NewTopic("paged-c", 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        // Two partitions per response: the client follows the next cursor through topic boundaries.
        Map<String, TopicDescription> described = admin.describeTopics(List.of("paged-a", "paged-b", "paged-c"),
                new DescribeTopicsOptions().partitionSizeLimitPerResponse(2)).allTopicNames().get(10, TimeUnit.SECONDS);
        assertEquals(5, described.get("paged-a").partitions().size());
        assertEquals(3, described.get("paged-b").partitions().size());
        assertEquals(1, described.get("paged-c").partitions().size());
        for (int p = 0; p < 5; p++) {
            assertEquals(p, described.get("paged-a").partitions().get(p).partition());
        }
    }

    @Test
    void listTopicsShowsUserTopics() throws Exception {
        admin.createTopics(List.of(new NewTopic("listed", 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        assertTrue(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS)
                .contains("listed"));
    }

    private static TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    }
}
