package io.samsa.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.broker.metadata.MetadataRecord.ConfigRecord;
import io.samsa.broker.metadata.MetadataRecord.TopicRecord;
import io.samsa.protocol.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which copies Kafka's replication throttles slow down, and to what rate, from the configs in the image. */
class ReplicationThrottlesTest {

    private static final UUID TOPIC = UUID.fromString("00000000-0000-4000-8000-0000000000f1");

    private long offset = 1;
    private MetadataImage image = apply(MetadataImage.EMPTY,
            new TopicRecord("t", TOPIC, List.of(PartitionImage.initial(0, List.of(1, 2))), Map.of()));

    private MetadataImage apply(MetadataImage base, MetadataRecord record) {
        RecordApplier.Applied applied = RecordApplier.apply(base, record, offset++);
        assertEquals(ErrorCode.NONE, applied.outcome().error(), String.valueOf(applied.outcome().message()));
        return applied.image();
    }

    private void set(ConfigResource resource, String key, String value) {
        image = apply(image, new ConfigRecord(resource, List.of(ConfigChange.set(key, value)), false));
    }

    @Test
    void aThrottledReplicaListNamesPartitionAndBrokerOrIsAWildcard() {
        assertTrue(ReplicationThrottles.lists("0:1, 1:3", 1, 3));
        assertFalse(ReplicationThrottles.lists("0:1,1:3", 1, 1));
        assertTrue(ReplicationThrottles.lists("*", 7, 9));
        assertFalse(ReplicationThrottles.lists("", 0, 1));
        assertFalse(ReplicationThrottles.lists(null, 0, 1));
    }

    @Test
    void aCopyMovesAtTheLowerRateOfTheThrottlesThatApplyToItsTwoEnds() {
        assertEquals(ReplicationThrottles.UNLIMITED, ReplicationThrottles.copyRate(image, "t", 0, 3, 1));

        set(ConfigResource.broker(3), ReplicationThrottles.FOLLOWER_RATE, "5000");
        set(ConfigResource.broker(1), ReplicationThrottles.LEADER_RATE, "3000");
        assertEquals(ReplicationThrottles.UNLIMITED, ReplicationThrottles.copyRate(image, "t", 0, 3, 1),
                "rates alone throttle nothing: the topic names the throttled replicas");

        set(ConfigResource.topic("t"), ReplicationThrottles.FOLLOWER_REPLICAS, "0:3");
        assertEquals(5000, ReplicationThrottles.copyRate(image, "t", 0, 3, 1));
        assertEquals(ReplicationThrottles.UNLIMITED, ReplicationThrottles.copyRate(image, "t", 0, 2, 1));

        set(ConfigResource.topic("t"), ReplicationThrottles.LEADER_REPLICAS, "0:1,0:2");
        assertEquals(3000, ReplicationThrottles.copyRate(image, "t", 0, 3, 1));
        assertEquals(ReplicationThrottles.UNLIMITED, ReplicationThrottles.copyRate(image, "t", 0, 1, 2),
                "broker 2 has no leader rate of its own and there is no cluster default");

        set(ConfigResource.clusterDefault(), ReplicationThrottles.LEADER_RATE, "2000");
        assertEquals(2000, ReplicationThrottles.copyRate(image, "t", 0, 1, 2), "the cluster default applies");
        assertEquals(3000, ReplicationThrottles.copyRate(image, "t", 0, 3, 1), "a broker's own rate wins");
    }
}
