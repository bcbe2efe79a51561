package io.samsa.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.samsa.broker.metadata.MetadataRecord.AllocateProducerIdsRecord;
import io.samsa.broker.metadata.MetadataRecord.ClusterIdRecord;
import io.samsa.broker.metadata.MetadataRecord.ConfigRecord;
import io.samsa.broker.metadata.MetadataRecord.CreatePartitionsRecord;
import io.samsa.broker.metadata.MetadataRecord.PartitionChangeRecord;
import io.samsa.broker.metadata.MetadataRecord.RegisterBrokerRecord;
import io.samsa.broker.metadata.MetadataRecord.RemoveTopicRecord;
import io.samsa.broker.metadata.MetadataRecord.TopicRecord;
import io.samsa.protocol.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetadataRecordCodecTest {

    private static final UUID ID = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    static List<MetadataRecord> oneOfEach() {
        return List.of(
                new ClusterIdRecord("MkU3OEVBNTcwNTJENDM2Qk"),
                new RegisterBrokerRecord(3, ID, List.of(new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9092, "PLAINTEXT"),
                        new BrokerEndpoint("SSL", "::1", 9093, "SSL")), null),
                new RegisterBrokerRecord(4, ID, List.of(), "rack-é"),
                new TopicRecord("orders", ID, List.of(PartitionImage.initial(0, List.of(1, 2)),
                        new PartitionImage(1, List.of(2, 1), List.of(2), 2, 7)), Map.of("cleanup.policy", "compact")),
                new RemoveTopicRecord(ID),
                new CreatePartitionsRecord(ID, List.of(PartitionImage.initial(2, List.of(1)))),
                new PartitionChangeRecord(ID, 1, 2, 8, null, List.of(2, 1)),
                new PartitionChangeRecord(ID, 0, -1, 9, List.of(1, 2, 3), null),
                new ConfigRecord(ConfigResource.topic("orders"), List.of(ConfigChange.set("retention.ms", "1000"),
                        ConfigChange.delete("segment.bytes")), false),
                new ConfigRecord(ConfigResource.clusterDefault(), List.of(), true),
                new AllocateProducerIdsRecord(3, 1000));
    }

    @Test
    void everyRecordSurvivesARoundTrip() throws Exception {
        for (MetadataRecord record : oneOfEach()) {
            assertEquals(record, MetadataRecordCodec.decode(MetadataRecordCodec.encode(record)));
        }
    }

    @Test
    void truncatedTrailingOrUnknownBytesAreRejected() {
        byte[] topic = MetadataRecordCodec.encode(oneOfEach().get(3));
        for (int cut = 0; cut < topic.length; cut++) {
            byte[] truncated = Arrays.copyOf(topic, cut);
            assertThrows(MalformedRecordException.class, () -> MetadataRecordCodec.decode(truncated), "cut " + cut);
        }
        byte[] trailing = Arrays.copyOf(topic, topic.length + 1);
        assertThrows(MalformedRecordException.class, () -> MetadataRecordCodec.decode(trailing));
        byte[] newerVersion = topic.clone();
        newerVersion[2] = 1;
        assertThrows(MalformedRecordException.class, () -> MetadataRecordCodec.decode(newerVersion));
        byte[] unknownType = topic.clone();
        unknownType[1] = 99;
        assertThrows(MalformedRecordException.class, () -> MetadataRecordCodec.decode(unknownType));
    }

    @Test
    void applyOutcomesRoundTrip() {
        for (ApplyOutcome o : List.of(ApplyOutcome.OK, ApplyOutcome.ok(42),
                ApplyOutcome.error(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic 'a' already exists."))) {
            assertEquals(o, ApplyOutcome.decode(o.encode()));
        }
    }
}
