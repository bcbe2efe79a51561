package io.samsa.broker.metadata;

import io.samsa.broker.metadata.MetadataRecord.CompleteReassignmentRecord;
import io.samsa.broker.metadata.MetadataRecord.PartitionGroupRecord;
import io.samsa.broker.metadata.MetadataRecord.ReassignPartitionRecord;
import io.samsa.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Applies the reassignment records ({@link RecordApplier}'s share for them): start, retarget or cancel a move, put a
 * partition in a data group of its own, complete a move. During a move the partition's replicas are the target followed
 * by every other broker that still holds its data (the original replicas and the data group's members), so each of
 * them keeps hosting the partition until the move completes; an unreplicated partition (one replica, no group) keeps
 * its replica alone until it has entered a group. Pure functions of the image and the record.
 */
final class ReassignmentApplier {

    private ReassignmentApplier() {
    }

    static ApplyOutcome reassign(MetadataImage image, MetadataImage.Builder next, ReassignPartitionRecord r) {
        Located located = locate(image, r.topicId(), r.partition());
        if (located.error() != null) {
            return located.error();
        }
        PartitionImage current = located.partition();
        List<Integer> target = r.target();
        if (target == null) {
            if (current.reassignment() == null) {
                return ApplyOutcome.error(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS,
                        "No partition reassignment is in progress.");
            }
            target = current.reassignment().original(); // a cancel moves the partition back
        }
        if (target.isEmpty() || new HashSet<>(target).size() != target.size()) {
            return ApplyOutcome.error(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Invalid replica list " + target);
        }
        List<Integer> original = current.reassignment() != null ? current.reassignment().original()
                : current.replicas();
        PartitionImage moved;
        if (groupMatches(current, target)) {
            // Nothing to move (the data already sits with the target's members and preferred leader).
            moved = current.withMove(target, target, current.group(), null);
        } else if (current.group() == null && original.size() < 2) {
            // An unreplicated partition: only its one replica holds data until it enters a data group of its own
            // (PartitionGroupRecord); the target's brokers host it from then on.
            moved = current.withMove(current.replicas(), current.isr(), null, new Reassignment(target, original));
        } else {
            Set<Integer> holders = new LinkedHashSet<>(target);
            holders.addAll(original);
            holders.addAll(members(current));
            List<Integer> replicas = new ArrayList<>(holders);
            moved = current.withMove(replicas, replicas, current.group(), new Reassignment(target, original));
        }
        put(next, located.topic(), moved);
        return ApplyOutcome.OK;
    }

    static ApplyOutcome assignGroup(MetadataImage image, MetadataImage.Builder next, PartitionGroupRecord r) {
        Located located = locate(image, r.topicId(), r.partition());
        if (located.error() != null) {
            return located.error();
        }
        PartitionImage current = located.partition();
        if (!r.members().contains(r.preferredLeader())) {
            return ApplyOutcome.error(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Preferred leader " + r.preferredLeader()
                    + " is not among " + r.members());
        }
        PartitionGroup previous = current.group();
        boolean sameGroup = previous != null && previous.groupId().equals(r.groupId());
        // Entering a group: the partition's epochs there start above every epoch it had before.
        PartitionGroup group = new PartitionGroup(r.groupId(), r.members(), r.preferredLeader(),
                sameGroup ? previous.epochBase() : current.leaderEpoch(),
                sameGroup ? previous.startOffset() : r.startOffset());
        // The target first (already there unless an unreplicated partition just entered its group), then every other
        // broker still holding the data. In sync: the group's members, whose majority commits every append.
        Set<Integer> holders = new LinkedHashSet<>();
        if (current.reassignment() != null) {
            holders.addAll(current.reassignment().target());
        }
        holders.addAll(current.replicas());
        holders.addAll(r.members());
        List<Integer> replicas = new ArrayList<>(holders);
        put(next, located.topic(), current.withMove(replicas, r.members(), group, current.reassignment()));
        return ApplyOutcome.OK;
    }

    static ApplyOutcome complete(MetadataImage image, MetadataImage.Builder next, CompleteReassignmentRecord r) {
        Located located = locate(image, r.topicId(), r.partition());
        if (located.error() != null) {
            return located.error();
        }
        PartitionImage current = located.partition();
        if (current.reassignment() == null) {
            return ApplyOutcome.error(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, "No partition reassignment is in progress.");
        }
        List<Integer> target = current.reassignment().target();
        if (!groupMatches(current, target)) {
            return ApplyOutcome.error(ErrorCode.INVALID_REQUEST, "The data group of the partition does not have the "
                    + "members and preferred leader of " + target + " yet");
        }
        put(next, located.topic(), current.withMove(target, target, current.group(), null));
        return ApplyOutcome.OK;
    }

    /** True when the partition's data group has exactly {@code target}'s members and its first as preferred leader. */
    static boolean groupMatches(PartitionImage partition, List<Integer> target) {
        int preferred = partition.group() != null ? partition.group().preferredLeader()
                : partition.placementReplicas().isEmpty() ? -1 : partition.placementReplicas().get(0);
        return new HashSet<>(members(partition)).equals(new HashSet<>(target)) && preferred == target.get(0);
    }

    private static List<Integer> members(PartitionImage partition) {
        return partition.group() != null ? partition.group().members() : partition.placementReplicas();
    }

    private record Located(TopicImage topic, PartitionImage partition, ApplyOutcome error) {
    }

    private static Located locate(MetadataImage image, UUID topicId, int partition) {
        Optional<TopicImage> topic = image.topic(topicId);
        if (topic.isEmpty()) {
            return new Located(null, null, ApplyOutcome.error(ErrorCode.UNKNOWN_TOPIC_ID,
                    "Topic id " + topicId + " does not exist."));
        }
        Optional<PartitionImage> p = topic.get().partition(partition);
        if (p.isEmpty()) {
            return new Located(null, null, ApplyOutcome.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                    "Partition " + partition + " of topic " + topic.get().name() + " does not exist."));
        }
        return new Located(topic.get(), p.get(), null);
    }

    private static void put(MetadataImage.Builder next, TopicImage topic, PartitionImage changed) {
        List<PartitionImage> partitions = new ArrayList<>(topic.partitions());
        partitions.set(changed.partition(), changed);
        next.putTopic(new TopicImage(topic.name(), topic.topicId(), partitions));
    }
}
