package io.samsa.broker.metadata;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A topic to create, as in a CreateTopics request: either a partition count and replication factor (-1 for the
 * broker's defaults) or an explicit assignment (partition → replica broker ids), plus topic configs.
 */
public record NewTopic(String name, int numPartitions, short replicationFactor,
                       Map<Integer, List<Integer>> assignments, Map<String, String> configs) {

    public NewTopic {
        Objects.requireNonNull(name, "name");
        assignments = assignments == null ? Map.of() : Map.copyOf(assignments);
        configs = configs == null ? Map.of() : Map.copyOf(configs);
    }

    public static NewTopic of(String name, int numPartitions, int replicationFactor) {
        return new NewTopic(name, numPartitions, (short) replicationFactor, Map.of(), Map.of());
    }

    public NewTopic withConfigs(Map<String, String> newConfigs) {
        return new NewTopic(name, numPartitions, replicationFactor, assignments, newConfigs);
    }
}
