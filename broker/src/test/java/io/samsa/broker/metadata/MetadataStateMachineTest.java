package io.samsa.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.broker.metadata.MetadataRecord.AllocateProducerIdsRecord;
import io.samsa.broker.metadata.MetadataRecord.ClusterIdRecord;
import io.samsa.broker.metadata.MetadataRecord.ConfigRecord;
import io.samsa.broker.metadata.MetadataRecord.CreatePartitionsRecord;
import io.samsa.broker.metadata.MetadataRecord.PartitionChangeRecord;
import io.samsa.broker.metadata.MetadataRecord.RegisterBrokerRecord;
import io.samsa.broker.metadata.MetadataRecord.RemoveTopicRecord;
import io.samsa.broker.metadata.MetadataRecord.TopicRecord;
import io.samsa.protocol.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MetadataStateMachineTest {

    private final MetadataStateMachine sm = new MetadataStateMachine();
    private long index;

    private ApplyOutcome apply(MetadataRecord record) {
        return ApplyOutcome.decode(sm.apply(++index, 1, MetadataRecordCodec.encode(record)));
    }

    private static TopicRecord topic(String name, UUID id, int partitions) {
        List<PartitionImage> list = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            list.add(PartitionImage.initial(p, List.of(1, 2)));
        }
        return new TopicRecord(name, id, list, Map.of());
    }

    @Test
    void createsTopicsAndFindsThemByNameAndId() {
        UUID id = UUID.randomUUID();
        assertTrue(apply(new TopicRecord("orders", id, List.of(PartitionImage.initial(0, List.of(1, 2))),
                Map.of("retention.ms", "60000"))).isOk());
        MetadataImage image = sm.image();
        assertEquals(1, image.offset());
        TopicImage orders = image.topic("orders").orElseThrow();
        assertSame(orders, image.topic(id).orElseThrow());
        PartitionImage p0 = orders.partition(0).orElseThrow();
        assertEquals(1, p0.leader());
        assertEquals(0, p0.leaderEpoch());
        assertEquals(List.of(1, 2), p0.replicas());
        assertEquals(List.of(1, 2), p0.isr());
        assertEquals(Map.of("retention.ms", "60000"), image.topicConfigs("orders"));
    }

    @Test
    void aSecondCreateOfOneNameLosesButARetryOfTheSameCreateSucceeds() {
        UUID first = UUID.randomUUID();
        assertTrue(apply(topic("orders", first, 1)).isOk());
        MetadataImage afterFirst = sm.image();

        ApplyOutcome conflict = apply(topic("orders", UUID.randomUUID(), 3));
        assertEquals(ErrorCode.TOPIC_ALREADY_EXISTS, conflict.error());
        assertEquals("Topic 'orders' already exists.", conflict.message());
        ApplyOutcome retry = apply(topic("orders", first, 1));
        assertTrue(retry.isOk());

        assertEquals(first, sm.image().topic("orders").orElseThrow().topicId());
        assertEquals(1, sm.image().topic("orders").orElseThrow().numPartitions());
        assertEquals(afterFirst.topics(), sm.image().topics());
        assertEquals(3, sm.image().offset(), "rejected records still advance the offset");
    }

    @Test
    void namesThatDifferOnlyInDotAndUnderscoreCollide() {
        assertTrue(apply(topic("a.b", UUID.randomUUID(), 1)).isOk());
        ApplyOutcome o = apply(topic("a_b", UUID.randomUUID(), 1));
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, o.error());
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, apply(topic("bad/name", UUID.randomUUID(), 1)).error());
    }

    @Test
    void deleteRemovesTopicAndConfigsAndTheNameCanBeReused() {
        UUID old = UUID.randomUUID();
        apply(topic("t", old, 2));
        apply(new ConfigRecord(ConfigResource.topic("t"), List.of(ConfigChange.set("retention.ms", "1")), false));
        assertTrue(apply(new RemoveTopicRecord(old)).isOk());
        assertTrue(sm.image().topic("t").isEmpty());
        assertTrue(sm.image().topic(old).isEmpty());
        assertEquals(Map.of(), sm.image().topicConfigs("t"));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_ID, apply(new RemoveTopicRecord(old)).error());

        UUID fresh = UUID.randomUUID();
        assertTrue(apply(topic("t", fresh, 1)).isOk());
        // A late change aimed at the deleted incarnation must not touch the new topic.
        assertEquals(ErrorCode.UNKNOWN_TOPIC_ID, apply(new PartitionChangeRecord(old, 0, 2, 1, null, null)).error());
        assertEquals(0, sm.image().topic("t").orElseThrow().partition(0).orElseThrow().leaderEpoch());
    }

    @Test
    void partitionsAreAddedOnlyAfterTheCurrentLast() {
        UUID id = UUID.randomUUID();
        apply(topic("t", id, 2));
        CreatePartitionsRecord add = new CreatePartitionsRecord(id, List.of(PartitionImage.initial(2, List.of(2, 1)),
                PartitionImage.initial(3, List.of(1, 2))));
        assertTrue(apply(add).isOk());
        assertEquals(4, sm.image().topic("t").orElseThrow().numPartitions());
        assertTrue(apply(add).isOk(), "a retried request that already committed");
        assertEquals(4, sm.image().topic("t").orElseThrow().numPartitions());
        // A concurrent request planned against 2 partitions arrives second.
        ApplyOutcome stale = apply(new CreatePartitionsRecord(id, List.of(PartitionImage.initial(2, List.of(1)))));
        assertEquals(ErrorCode.INVALID_PARTITIONS, stale.error());
        assertEquals(4, sm.image().topic("t").orElseThrow().numPartitions());
    }

    @Test
    void leaderChangesNeedANewerEpoch() {
        UUID id = UUID.randomUUID();
        apply(topic("t", id, 1));
        assertTrue(apply(new PartitionChangeRecord(id, 0, 2, 5, null, List.of(2))).isOk());
        PartitionImage p = sm.image().topic(id).orElseThrow().partition(0).orElseThrow();
        assertEquals(2, p.leader());
        assertEquals(5, p.leaderEpoch());
        assertEquals(List.of(2), p.isr());
        assertEquals(List.of(1, 2), p.replicas());

        assertEquals(ErrorCode.FENCED_LEADER_EPOCH, apply(new PartitionChangeRecord(id, 0, 1, 4, null, null)).error());
        assertEquals(ErrorCode.FENCED_LEADER_EPOCH, apply(new PartitionChangeRecord(id, 0, 1, 5, null, null)).error());
        assertTrue(apply(new PartitionChangeRecord(id, 0, 2, 5, List.of(2, 1, 3), null)).isOk(), "same leader, epoch");
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                apply(new PartitionChangeRecord(id, 7, 1, 9, null, null)).error());
    }

    @Test
    void configsAreSetDeletedAndReplaced() {
        ConfigResource broker = ConfigResource.broker(1);
        apply(new ConfigRecord(broker, List.of(ConfigChange.set("a", "1"), ConfigChange.set("b", "2")), false));
        apply(new ConfigRecord(broker, List.of(ConfigChange.delete("a"), ConfigChange.set("c", "3")), false));
        assertEquals(Map.of("b", "2", "c", "3"), sm.image().brokerConfigs(1));
        apply(new ConfigRecord(broker, List.of(ConfigChange.set("d", "4")), true));
        assertEquals(Map.of("d", "4"), sm.image().brokerConfigs(1));
        apply(new ConfigRecord(ConfigResource.clusterDefault(), List.of(ConfigChange.set("e", "5")), false));
        assertEquals(Map.of("e", "5"), sm.image().clusterConfigs());
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, apply(new ConfigRecord(ConfigResource.topic("missing"),
                List.of(ConfigChange.set("x", "y")), false)).error());
    }

    @Test
    void producerIdBlocksNeverOverlap() {
        ApplyOutcome a = apply(new AllocateProducerIdsRecord(1, 1000));
        ApplyOutcome b = apply(new AllocateProducerIdsRecord(2, 1000));
        assertEquals(0, a.value());
        assertEquals(1000, b.value());
        assertEquals(2000, sm.image().nextProducerIdBlock());
    }

    @Test
    void brokerEpochIsTheOffsetOfANewIncarnation() {
        UUID first = UUID.randomUUID();
        BrokerEndpoint plain = new BrokerEndpoint("PLAINTEXT", "h", 9092, "PLAINTEXT");
        assertEquals(1, apply(new RegisterBrokerRecord(1, first, List.of(plain), null)).value());
        apply(new ClusterIdRecord("c"));
        assertEquals(1, apply(new RegisterBrokerRecord(1, first, List.of(plain), "r1")).value(), "same incarnation");
        assertEquals("r1", sm.image().broker(1).orElseThrow().rack());
        assertEquals(4, apply(new RegisterBrokerRecord(1, UUID.randomUUID(), List.of(plain), null)).value());
        assertEquals(4, sm.image().broker(1).orElseThrow().brokerEpoch());
    }

    @Test
    void theFirstClusterIdWins() {
        assertTrue(apply(new ClusterIdRecord("first")).isOk());
        assertEquals(ErrorCode.INVALID_REQUEST, apply(new ClusterIdRecord("second")).error());
        assertEquals("first", sm.image().clusterId());
    }

    @Test
    void anUnreadableRecordIsRejectedAndStillAdvancesTheOffset() {
        ApplyOutcome o = ApplyOutcome.decode(sm.apply(1, 1, new byte[] {1, 99, 0}));
        assertEquals(ErrorCode.INVALID_REQUEST, o.error());
        assertEquals(1, sm.image().offset());
    }

    @Test
    void aSnapshotRestoresAnEqualImage() throws Exception {
        for (MetadataRecord r : MetadataRecordCodecTest.oneOfEach()) {
            apply(r);
        }
        UUID kept = UUID.randomUUID();
        apply(topic("kept", kept, 3));
        apply(new ConfigRecord(ConfigResource.topic("kept"), List.of(ConfigChange.set("k", "v")), false));
        apply(new PartitionChangeRecord(kept, 1, 2, 3, null, List.of(2)));
        MetadataImage original = sm.image();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sm.snapshot().writeTo(bytes);
        MetadataStateMachine restored = new MetadataStateMachine();
        restored.restore(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(original, restored.image());

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        restored.snapshot().writeTo(again);
        assertArrayEquals(bytes.toByteArray(), again.toByteArray(), "one image, one byte sequence");
    }

    @Test
    void waitersCompleteWhenTheirOffsetIsApplied() {
        CompletableFuture<MetadataImage> two = sm.awaitOffset(2);
        apply(new ClusterIdRecord("c"));
        assertFalse(two.isDone());
        apply(new AllocateProducerIdsRecord(1, 10));
        assertEquals(2, two.join().offset());
        assertTrue(sm.awaitOffset(1).isDone());
    }

    @Test
    void listenersSeeEveryImageInOrder() {
        List<Long> seen = new ArrayList<>();
        sm.addListener((previous, next) -> {
            assertNotEquals(previous, next);
            seen.add(next.offset());
        });
        apply(new ClusterIdRecord("c"));
        sm.controllerChanged(7);
        apply(new AllocateProducerIdsRecord(1, 10));
        assertEquals(List.of(1L, 1L, 2L), seen);
        assertEquals(7, sm.image().controllerId());
    }
}
