package io.samsa.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.samsa.broker.metadata.MetadataRecord.CompleteReassignmentRecord;
import io.samsa.broker.metadata.MetadataRecord.PartitionChangeRecord;
import io.samsa.broker.metadata.MetadataRecord.PartitionGroupRecord;
import io.samsa.broker.metadata.MetadataRecord.ReassignPartitionRecord;
import io.samsa.broker.metadata.MetadataRecord.TopicRecord;
import io.samsa.protocol.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The reassignment records: their encoding, how they change a partition, and the image snapshot that keeps them. */
class ReassignmentRecordsTest {

    private static final UUID TOPIC = UUID.fromString("00000000-0000-4000-8000-00000000abcd");
    private static final UUID GROUP = UUID.fromString("00000000-0000-4000-8000-00000000beef");

    private long offset = 1;
    private MetadataImage image = apply(MetadataImage.EMPTY,
            new TopicRecord("t", TOPIC, List.of(PartitionImage.initial(0, List.of(1, 2))), Map.of()), ErrorCode.NONE);

    private MetadataImage apply(MetadataImage base, MetadataRecord record, ErrorCode expected) {
        RecordApplier.Applied applied = RecordApplier.apply(base, record, offset++);
        assertEquals(expected, applied.outcome().error(), String.valueOf(applied.outcome().message()));
        return applied.image();
    }

    private PartitionImage partition() {
        return image.topic(TOPIC).orElseThrow().partitions().get(0);
    }

    @Test
    void recordsSurviveTheirEncoding() throws Exception {
        for (MetadataRecord record : List.of(new ReassignPartitionRecord(TOPIC, 0, List.of(2, 3)),
                new ReassignPartitionRecord(TOPIC, 0, null),
                new PartitionGroupRecord(TOPIC, 0, GROUP, List.of(1, 2), 2, 2500L),
                new CompleteReassignmentRecord(TOPIC, 0))) {
            assertEquals(record, MetadataRecordCodec.decode(MetadataRecordCodec.encode(record)));
        }
    }

    @Test
    void aMoveListsTheTargetFirstThenCompletesOnceTheGroupMatches() throws Exception {
        image = apply(image, new PartitionChangeRecord(TOPIC, 0, 1, 3, null, null), ErrorCode.NONE);
        image = apply(image, new ReassignPartitionRecord(TOPIC, 0, List.of(2, 3)), ErrorCode.NONE);
        assertEquals(List.of(2, 3, 1), partition().replicas());
        assertEquals(List.of(3), partition().reassignment().adding());
        assertEquals(List.of(1), partition().reassignment().removing());
        image = apply(image, new CompleteReassignmentRecord(TOPIC, 0), ErrorCode.INVALID_REQUEST);

        image = apply(image, new PartitionGroupRecord(TOPIC, 0, GROUP, List.of(1, 2), 2, 2500L), ErrorCode.NONE);
        assertEquals(new PartitionGroup(GROUP, List.of(1, 2), 2, 3, 2500L), partition().group(),
                "the epoch base is the partition's epoch when it entered the group");
        image = apply(image, new PartitionGroupRecord(TOPIC, 0, GROUP, List.of(2, 3), 2, -1L), ErrorCode.NONE);
        assertEquals(new PartitionGroup(GROUP, List.of(2, 3), 2, 3, 2500L), partition().group(),
                "new members of the same group keep its epoch base and start");

        ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
        ImageCodec.write(image, snapshot);
        assertEquals(image.topic(TOPIC), ImageCodec.read(new ByteArrayInputStream(snapshot.toByteArray())).topic(TOPIC));

        image = apply(image, new CompleteReassignmentRecord(TOPIC, 0), ErrorCode.NONE);
        assertEquals(List.of(2, 3), partition().replicas());
        assertNull(partition().reassignment());
        image = apply(image, new CompleteReassignmentRecord(TOPIC, 0), ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
    }

    @Test
    void aCancelBeforeAnyDataMovedRestoresTheOriginalReplicasAtOnce() throws IOException {
        image = apply(image, new ReassignPartitionRecord(TOPIC, 0, null), ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
        image = apply(image, new ReassignPartitionRecord(TOPIC, 0, List.of(2, 3)), ErrorCode.NONE);
        image = apply(image, new ReassignPartitionRecord(TOPIC, 0, null), ErrorCode.NONE);
        assertEquals(List.of(1, 2), partition().replicas());
        assertNull(partition().reassignment());
    }

    @Test
    void anUnreplicatedPartitionKeepsItsOneReplicaUntilItEntersAGroupThenTheTargetHostsIt() {
        UUID single = UUID.fromString("00000000-0000-4000-8000-00000000cafe");
        image = apply(image, new TopicRecord("one", single, List.of(PartitionImage.initial(0, List.of(1))), Map.of()),
                ErrorCode.NONE);
        image = apply(image, new ReassignPartitionRecord(single, 0, List.of(2, 3)), ErrorCode.NONE);
        PartitionImage moving = image.topic(single).orElseThrow().partitions().get(0);
        assertEquals(List.of(1), moving.replicas(), "only broker 1 holds data before the partition has a group");
        assertEquals(List.of(1), moving.isr());
        assertEquals(List.of(2, 3), moving.reassignment().adding());

        image = apply(image, new PartitionGroupRecord(single, 0, GROUP, List.of(1), 1, 40L), ErrorCode.NONE);
        PartitionImage grouped = image.topic(single).orElseThrow().partitions().get(0);
        assertEquals(List.of(2, 3, 1), grouped.replicas(), "the target hosts it once its group exists");
        assertEquals(List.of(1), grouped.isr(), "in sync: the group's one member");
        image = apply(image, new PartitionGroupRecord(single, 0, GROUP, List.of(1, 2, 3), 2, -1L), ErrorCode.NONE);
        image = apply(image, new PartitionGroupRecord(single, 0, GROUP, List.of(2, 3), 2, -1L), ErrorCode.NONE);
        image = apply(image, new CompleteReassignmentRecord(single, 0), ErrorCode.NONE);
        PartitionImage done = image.topic(single).orElseThrow().partitions().get(0);
        assertEquals(List.of(2, 3), done.replicas());
        assertEquals(new PartitionGroup(GROUP, List.of(2, 3), 2, 0, 40L), done.group());
    }
}
