package io.samsa.broker.api.group;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.TestBrokers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 4.4 AdminClient's group operations against Samsa: listing (with state and type filters), describing (it
 * tries ConsumerGroupDescribe first and must fall back to DescribeGroups), reading, altering and deleting offsets,
 * and deleting groups.
 */
@Timeout(120)
class AdminClientGroupsTest {
    private static final String TOPIC = "admin-topic";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    @TempDir
    static Path dir;
    static Broker broker;
    static String bootstrap;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBrokers.start(GroupTestBrokers.props(dir));
        bootstrap = TestBrokers.bootstrap(broker);
        admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        GroupClients.createTopic(bootstrap, TOPIC, 2);
        GroupClients.produce(bootstrap, TOPIC, 0, 20, new ArrayList<>());
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void alterListAndDeleteOffsetsOfAnEmptyGroupThenDeleteIt() throws Exception {
        String group = "admin-offsets";
        admin.alterConsumerGroupOffsets(group, Map.of(P0, new OffsetAndMetadata(5, "five"),
                P1, new OffsetAndMetadata(7))).all().get();
        Map<TopicPartition, OffsetAndMetadata> listed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        assertEquals(5, listed.get(P0).offset());
        assertEquals("five", listed.get(P0).metadata());
        assertEquals(7, listed.get(P1).offset());

        admin.deleteConsumerGroupOffsets(group, Set.of(P0)).all().get();
        assertEquals(Set.of(P1), admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .keySet());

        admin.deleteConsumerGroups(List.of(group)).all().get();
        assertTrue(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().isEmpty());
        ExecutionException again = assertThrows(ExecutionException.class,
                () -> admin.deleteConsumerGroups(List.of(group)).all().get());
        assertInstanceOf(GroupIdNotFoundException.class, again.getCause());
    }

    @Test
    void aLiveGroupIsListedDescribedAndProtected() throws Exception {
        String group = "admin-live";
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        try (ConsumerRunner consumer = new ConsumerRunner("admin-c1", bootstrap, group, TOPIC, consumed,
                Map.of("group.instance.id", "admin-instance"))) {
            Eventually.until(GroupClients.SETTLE, () -> "the consumer owns both partitions",
                    () -> consumer.assignment().size() == 2);
            Eventually.until(GroupClients.SETTLE, () -> "records consumed", () -> consumed.size() == 20);

            Set<String> stable = admin.listGroups(ListGroupsOptions.forConsumerGroups()
                    .inGroupStates(Set.of(GroupState.STABLE))).all().get().stream().map(GroupListing::groupId)
                    .collect(Collectors.toSet());
            assertTrue(stable.contains(group), "listed as a stable consumer group: " + stable);
            GroupListing listing = admin.listGroups().all().get().stream().filter(g -> g.groupId().equals(group))
                    .findFirst().orElseThrow();
            assertEquals(GroupType.CLASSIC, listing.type().orElseThrow());
            assertEquals("consumer", listing.protocol());

            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get();
            assertEquals(GroupState.STABLE, description.groupState());
            assertEquals(GroupType.CLASSIC, description.type());
            assertEquals("range", description.partitionAssignor());
            assertEquals(1, description.members().size());
            MemberDescription member = description.members().iterator().next();
            assertEquals("admin-c1", member.clientId());
            assertEquals("admin-instance", member.groupInstanceId().orElseThrow());
            assertEquals(Set.of(P0, P1), member.assignment().topicPartitions());
            assertEquals(broker.config().nodeId(), description.coordinator().id());

            ExecutionException nonEmpty = assertThrows(ExecutionException.class,
                    () -> admin.deleteConsumerGroups(List.of(group)).all().get());
            assertInstanceOf(GroupNotEmptyException.class, nonEmpty.getCause());
            ExecutionException subscribed = assertThrows(ExecutionException.class,
                    () -> admin.deleteConsumerGroupOffsets(group, Set.of(P0)).all().get());
            assertInstanceOf(GroupSubscribedToTopicException.class, subscribed.getCause());

            // LeaveGroup v3+ by group.instance.id alone, as Kafka Streams and the admin tools remove members.
            int generation = consumer.generation();
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(
                    List.of(new MemberToRemove("admin-instance")))).all().get();
            Eventually.until(GroupClients.SETTLE, () -> "the removed consumer to rejoin",
                    () -> consumer.assignment().size() == 2 && consumer.generation() > generation);
        }
    }

    @Test
    void describingAnUnknownGroupFailsWithGroupIdNotFoundAsAgainstKafka4() {
        // KIP-1043: DescribeGroups v6 answers GROUP_ID_NOT_FOUND (older versions: a Dead group).
        ExecutionException unknown = assertThrows(ExecutionException.class, () -> admin.describeConsumerGroups(
                List.of("never-seen")).describedGroups().get("never-seen").get());
        assertInstanceOf(GroupIdNotFoundException.class, unknown.getCause());
    }
}
