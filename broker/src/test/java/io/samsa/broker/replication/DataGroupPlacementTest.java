package io.samsa.broker.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DataGroupPlacementTest {

    private final DataGroupPlacement placement = new DataGroupPlacement(2);

    @Test
    void partitionsShareABoundedPoolOfGroupsPerReplicaSetAndPreferredLeader() {
        Set<UUID> groups = new HashSet<>();
        Map<Integer, Integer> preferredLeaders = new HashMap<>();
        for (int t = 0; t < 20; t++) {
            UUID topic = UUID.randomUUID();
            for (int p = 0; p < 30; p++) {
                int first = 1 + p % 3;
                List<Integer> replicas = List.of(first, 1 + (first % 3), 1 + ((first + 1) % 3));
                DataGroup group = placement.groupOf(topic, p, replicas);
                groups.add(group.id());
                assertEquals(List.of(1, 2, 3), group.members());
                assertEquals(first, group.preferredLeader());
                preferredLeaders.merge(group.preferredLeader(), 1, Integer::sum);
            }
        }
        assertEquals(6, groups.size(), "3 preferred leaders x 2 groups each, for 600 partitions");
        assertEquals(Map.of(1, 200, 2, 200, 3, 200), preferredLeaders);
    }

    @Test
    void everyNodeComputesTheSameGroupAndADifferentLeaderGivesAnotherGroup() {
        UUID topic = UUID.fromString("7f0c1a2b-0000-4000-8000-000000000001");
        DataGroup a = placement.groupOf(topic, 4, List.of(2, 3, 1));
        assertEquals(a, new DataGroupPlacement(2).groupOf(topic, 4, List.of(2, 3, 1)));
        assertNotEquals(a.id(), placement.groupOf(topic, 4, List.of(3, 2, 1)).id());
    }
}
