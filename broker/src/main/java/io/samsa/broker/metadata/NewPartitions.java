package io.samsa.broker.metadata;

import java.util.List;
import java.util.Objects;

/**
 * A CreatePartitions request item: grow {@code topic} to {@code totalCount} partitions, optionally with the replica
 * assignment of each new partition (null: the controller places them).
 */
public record NewPartitions(String topic, int totalCount, List<List<Integer>> newAssignments) {

    public NewPartitions {
        Objects.requireNonNull(topic, "topic");
        newAssignments = newAssignments == null ? null : newAssignments.stream().map(List::copyOf).toList();
    }

    public static NewPartitions increaseTo(String topic, int totalCount) {
        return new NewPartitions(topic, totalCount, null);
    }
}
