package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The committed offsets of one shard's groups, as the records of its {@code __consumer_offsets} partition say: an
 * entry is added only once its commit was written, so reads never see an offset that a restart could lose.
 *
 * <p>Built by the loader on its thread, then confined to the shard's executor.
 */
final class CommittedOffsets {
    private final Map<String, Map<TopicPartition, OffsetAndMetadata>> byGroup = new HashMap<>();

    OffsetAndMetadata get(String groupId, TopicPartition tp) {
        Map<TopicPartition, OffsetAndMetadata> offsets = byGroup.get(groupId);
        return offsets == null ? null : offsets.get(tp);
    }

    /** The group's offsets (a read-only view; empty if none). */
    Map<TopicPartition, OffsetAndMetadata> of(String groupId) {
        Map<TopicPartition, OffsetAndMetadata> offsets = byGroup.get(groupId);
        return offsets == null ? Map.of() : Collections.unmodifiableMap(offsets);
    }

    boolean hasOffsets(String groupId) {
        Map<TopicPartition, OffsetAndMetadata> offsets = byGroup.get(groupId);
        return offsets != null && !offsets.isEmpty();
    }

    void put(String groupId, TopicPartition tp, OffsetAndMetadata offset) {
        byGroup.computeIfAbsent(groupId, g -> new LinkedHashMap<>()).put(tp, offset);
    }

    /** Removes one offset; true if there was one. */
    boolean remove(String groupId, TopicPartition tp) {
        Map<TopicPartition, OffsetAndMetadata> offsets = byGroup.get(groupId);
        if (offsets == null || offsets.remove(tp) == null) {
            return false;
        }
        if (offsets.isEmpty()) {
            byGroup.remove(groupId);
        }
        return true;
    }

    void removeGroup(String groupId) {
        byGroup.remove(groupId);
    }

    Set<String> groupIds() {
        return Set.copyOf(byGroup.keySet());
    }

    int size() {
        return byGroup.values().stream().mapToInt(Map::size).sum();
    }
}
