package io.samsa.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.broker.metadata.MetadataRecord.RegisterBrokerRecord;
import io.samsa.broker.metadata.MetadataRecord.TopicRecord;
import io.samsa.protocol.ErrorCode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopicPlannerTest {

    private static final MetadataSettings SETTINGS = MetadataSettings.defaults().withTopicDefaults(3, (short) 2);

    private static MetadataImage withBrokers(int... ids) {
        MetadataStateMachine sm = new MetadataStateMachine();
        long index = 0;
        for (int id : ids) {
            sm.apply(++index, 1, MetadataRecordCodec.encode(new RegisterBrokerRecord(id, UUID.randomUUID(), List.of(),
                    null)));
        }
        return sm.image();
    }

    private static ErrorCode rejection(MetadataImage image, NewTopic topic) {
        TopicPlanner.Plan<TopicRecord> plan = TopicPlanner.planCreate(image, topic, SETTINGS);
        return plan.error();
    }

    @Test
    void defaultsComeFromTheSettings() {
        TopicRecord record = TopicPlanner.planCreate(withBrokers(1, 2, 3), NewTopic.of("t", -1, -1), SETTINGS).record();
        assertEquals(3, record.partitions().size());
        record.partitions().forEach(p -> assertEquals(2, p.replicas().size()));
    }

    @Test
    void rejectsWhatKafkaRejects() {
        MetadataImage image = withBrokers(1, 2);
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, rejection(image, NewTopic.of("", 1, 1)));
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, rejection(image, NewTopic.of("..", 1, 1)));
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, rejection(image, NewTopic.of("a b", 1, 1)));
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, rejection(image, NewTopic.of("x".repeat(250), 1, 1)));
        assertEquals(ErrorCode.INVALID_PARTITIONS, rejection(image, NewTopic.of("t", 0, 1)));
        assertEquals(ErrorCode.INVALID_REPLICATION_FACTOR, rejection(image, NewTopic.of("t", 1, 0)));
        TopicPlanner.Plan<TopicRecord> tooMany = TopicPlanner.planCreate(image, NewTopic.of("t", 1, 3), SETTINGS);
        assertEquals(ErrorCode.INVALID_REPLICATION_FACTOR, tooMany.error());
        assertEquals("Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be "
                + "reached because only 2 broker(s) are registered.", tooMany.message());
        assertEquals(ErrorCode.INVALID_CONFIG, TopicPlanner.planCreate(image, NewTopic.of("t", 1, 1),
                SETTINGS.withConfigValidator((r, c) -> Optional.of("nope"))).error());
    }

    @Test
    void checksManualAssignments() {
        MetadataImage image = withBrokers(1, 2, 3);
        NewTopic ok = new NewTopic("t", -1, (short) -1, Map.of(0, List.of(3, 1), 1, List.of(1, 2)), Map.of());
        TopicRecord record = TopicPlanner.planCreate(image, ok, SETTINGS).record();
        assertEquals(List.of(3, 1), record.partitions().get(0).replicas());
        assertEquals(3, record.partitions().get(0).leader());

        assertEquals(ErrorCode.INVALID_REQUEST, rejection(image,
                new NewTopic("t", 2, (short) -1, Map.of(0, List.of(1)), Map.of())));
        assertEquals(ErrorCode.INVALID_REPLICA_ASSIGNMENT, rejection(image,
                new NewTopic("t", -1, (short) -1, Map.of(0, List.of(1), 2, List.of(2)), Map.of())));
        assertEquals(ErrorCode.INVALID_REPLICA_ASSIGNMENT, rejection(image,
                new NewTopic("t", -1, (short) -1, Map.of(0, List.of(1, 1)), Map.of())));
        assertEquals(ErrorCode.INVALID_REPLICA_ASSIGNMENT, rejection(image,
                new NewTopic("t", -1, (short) -1, Map.of(0, List.of(1, 9)), Map.of())));
        assertEquals(ErrorCode.INVALID_REPLICA_ASSIGNMENT, rejection(image,
                new NewTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2), 1, List.of(3)), Map.of())));
    }

    @Test
    void placementSpreadsLeadersAndNeverRepeatsABrokerInAPartition() {
        List<Integer> brokers = List.of(1, 2, 3, 4);
        List<List<Integer>> replicas = ReplicaPlacement.assign(brokers, 0, 40, 3, new Random(7));
        Map<Integer, Integer> leaders = new HashMap<>();
        for (List<Integer> r : replicas) {
            assertEquals(3, new HashSet<>(r).size(), r.toString());
            assertTrue(brokers.containsAll(r));
            leaders.merge(r.get(0), 1, Integer::sum);
        }
        assertEquals(Map.of(1, 10, 2, 10, 3, 10, 4, 10), leaders);
    }

    @Test
    void newPartitionsFollowTheTopicsReplicationFactor() {
        MetadataStateMachine sm = new MetadataStateMachine();
        long i = 0;
        for (int b = 1; b <= 3; b++) {
            sm.apply(++i, 1, MetadataRecordCodec.encode(new RegisterBrokerRecord(b, UUID.randomUUID(), List.of(), null)));
        }
        TopicRecord t = TopicPlanner.planCreate(sm.image(), NewTopic.of("t", 2, 2), SETTINGS).record();
        sm.apply(++i, 1, MetadataRecordCodec.encode(t));
        MetadataImage image = sm.image();
        var plan = TopicPlanner.planPartitions(image, NewPartitions.increaseTo("t", 5));
        assertEquals(List.of(2, 3, 4), plan.record().partitions().stream().map(PartitionImage::partition).toList());
        plan.record().partitions().forEach(p -> assertEquals(2, p.replicas().size()));
        assertEquals(ErrorCode.INVALID_PARTITIONS, TopicPlanner.planPartitions(image, NewPartitions.increaseTo("t", 2)).error());
        assertEquals(ErrorCode.INVALID_PARTITIONS, TopicPlanner.planPartitions(image, NewPartitions.increaseTo("t", 1)).error());
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                TopicPlanner.planPartitions(image, NewPartitions.increaseTo("nope", 3)).error());
        assertEquals(ErrorCode.INVALID_REPLICA_ASSIGNMENT, TopicPlanner.planPartitions(image,
                new NewPartitions("t", 4, List.of(List.of(1, 2)))).error());
    }
}
