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
        // A null value (allowed on the wire) sets nothing, so it is dropped here.
        configs = configs == null ? Map.of() : configs.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public static NewTopic of(String name, int numPartitions, int replicationFactor) {
        return new NewTopic(name, numPartitions, (short) replicationFactor, Map.of(), Map.of());
    }

    public NewTopic withConfigs(Map<String, String> newConfigs) {
        return new NewTopic(name, numPartitions, replicationFactor, assignments, newConfigs);
    }
}
