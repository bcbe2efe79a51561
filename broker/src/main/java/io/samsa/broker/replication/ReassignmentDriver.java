package io.samsa.broker.replication;

import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataResult;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.raft.DataGroupMember;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the partitions whose reassignment the metadata records, on the node that leads each partition's data group,
 * one step per image, each step idempotent, so whoever leads next carries on:
 * <ol>
 *   <li><b>Entry</b> (an unreplicated partition, one replica and no group): its broker seals the local log and the
 *       metadata puts the partition in a group of its own with that broker as the only member, from the sealed end.</li>
 *   <li><b>Handover</b> (the partition shares its group with others): a {@link HandoverEntry} seals it in that group,
 *       then the metadata puts it in a group of its own ({@link DataGroupPlacement#ownGroupId}) with the same members
 *       and the target's preferred leader when it is one of them, starting at its end offset at the seal. Every member
 *       already has the data, so the new group starts full.</li>
 *   <li><b>Membership</b> (its own group's members or preferred leader differ from the target): Ratis
 *       {@code setConfiguration} to the target (new members joined the group empty and catch up by copy; members left
 *       out stop), then the metadata records the new members.</li>
 *   <li><b>Completion</b> (the group matches the target): the partition's replicas become the target, and the
 *       reassignment ends; brokers no longer named delete their replica and leave the group.</li>
 * </ol>
 * A cancel is a reassignment back to the original replicas, so it takes the same steps. Confined to the replication
 * control thread; the steps' futures report back there.
 */
final class ReassignmentDriver {

    private static final Logger LOG = LoggerFactory.getLogger(ReassignmentDriver.class);

    /** What the driver needs of the replication service. */
    interface Groups {
        /** The joined group of {@code group}'s id if this node leads it (leader-ready), else null. */
        HostedGroup leading(DataGroup group);

        /** Data group members for these nodes, {@code preferred} with the higher priority; null if one is unknown. */
        List<DataGroupMember> members(List<Integer> nodes, int preferred);

        /** Runs {@code step} on the control thread (now, or after a pause when {@code later}). */
        void onControl(Runnable step, boolean later);

        /** This node's id. */
        int nodeId();

        /**
         * Seals the local path of an unreplicated partition hosted here ({@code LocalReplication#seal}): its end
         * offset, or null when the partition is not hosted here that way.
         */
        CompletableFuture<Long> sealLocal(PartitionKey key);

        /** Lets a partition {@link #sealLocal sealed} here take local appends again. */
        void unsealLocal(PartitionKey key);
    }

    private final MetadataStore metadata;
    private final DataGroupPlacement placement;
    private final Groups groups;
    /** Partitions with a step in flight: one at a time each. */
    private final Set<PartitionKey> busy = new HashSet<>();
    /** Unreplicated partitions whose local path this node sealed for a move, until they are in a group. */
    private final Set<PartitionKey> sealedHere = new HashSet<>();

    ReassignmentDriver(MetadataStore metadata, DataGroupPlacement placement, Groups groups) {
        this.metadata = metadata;
        this.placement = placement;
        this.groups = groups;
    }

    void drive(MetadataImage image) {
        for (TopicImage topic : image.topics()) {
            for (PartitionImage p : topic.partitions()) {
                PartitionKey key = new PartitionKey(topic.topicId(), p.partition());
                if (!DataGroupPlacement.isReplicated(p)) {
                    if (p.reassignment() != null) {
                        enterGroup(key);
                    } else if (sealedHere.remove(key)) {
                        groups.unsealLocal(key); // the move was cancelled before the partition left the local path
                    }
                    continue;
                }
                sealedHere.remove(key);
                if (p.reassignment() == null) {
                    continue;
                }
                DataGroup group = placement.groupOf(topic.topicId(), p);
                HostedGroup leading = groups.leading(group);
                if (leading == null || busy.contains(key)) {
                    continue;
                }
                List<Integer> target = p.reassignment().target();
                boolean matches = new HashSet<>(group.members()).equals(new HashSet<>(target))
                        && group.preferredLeader() == target.get(0);
                if (matches) {
                    step(key, "complete", metadata.completeReassignment(topic.topicId(), p.partition()));
                } else if (p.group() == null) {
                    handover(key, p, group, leading, target);
                } else {
                    changeMembers(key, p, group, leading, target);
                }
            }
        }
    }

    /**
     * An unreplicated partition hosted here (one replica, the local path) that must get more replicas or move: seal its
     * local log, then put it in a group of its own with this node as the only member, starting at the sealed end. The
     * membership step then adds the target's brokers. Nothing is unsealed on a failed step (the group may exist after
     * all): the retry seals again, a no-op, and asks for the same group.
     */
    private void enterGroup(PartitionKey key) {
        if (busy.contains(key)) {
            return;
        }
        CompletableFuture<Long> sealed = groups.sealLocal(key);
        if (sealed == null) {
            return; // not hosted here
        }
        sealedHere.add(key);
        UUID own = DataGroupPlacement.ownGroupId(key.topicId(), key.partition());
        int node = groups.nodeId();
        step(key, "entering a data group", sealed.thenCompose(end -> {
            LOG.info("Reassigning {}: sealed locally at offset {}; moving it to its own group {} of [{}]", key, end,
                    own, node);
            return metadata.assignPartitionGroup(key.topicId(), key.partition(), own, List.of(node), node, end);
        }));
    }

    private void handover(PartitionKey key, PartitionImage p, DataGroup group, HostedGroup leading,
                          List<Integer> target) {
        UUID own = DataGroupPlacement.ownGroupId(key.topicId(), key.partition());
        int preferred = group.members().contains(target.get(0)) ? target.get(0) : group.preferredLeader();
        CompletableFuture<MetadataResult> moved = leading.log()
                .submit(new HandoverEntry(key).encodeHeader(), HandoverEntry.DATA, null)
                .thenCompose(commit -> {
                    OffsetJournal.Seal seal = leading.stateMachine().seal(key);
                    if (seal == null) {
                        throw new IllegalStateException(key + " is not sealed after its handover committed");
                    }
                    LOG.info("Reassigning {}: sealed in group {} at offset {}; moving it to its own group {} of {}",
                            key, group.id(), seal.end(), own, group.members());
                    return metadata.assignPartitionGroup(key.topicId(), key.partition(), own, group.members(),
                            preferred, seal.end());
                });
        step(key, "handover", moved);
    }

    /**
     * New members are added first, and the members left out are removed in a later step. Ratis refuses a configuration
     * that adds as many members as it keeps (RATIS-1912), except one member to a group of one, so a step adds at most
     * one member fewer than the group has, and at least one: [1] to [1, 2] to [1, 2, 3].
     */
    private void changeMembers(PartitionKey key, PartitionImage p, DataGroup group, HostedGroup leading,
                               List<Integer> target) {
        Set<Integer> next = new LinkedHashSet<>(target);
        if (!group.members().containsAll(target)) {
            next = new LinkedHashSet<>(group.members());
            int room = Math.max(1, group.members().size() - 1);
            for (Integer node : target) {
                if (room > 0 && next.add(node)) {
                    room--;
                }
            }
        }
        List<Integer> nodes = new ArrayList<>(next);
        List<DataGroupMember> members = groups.members(nodes, target.get(0));
        if (members == null) {
            LOG.warn("Reassigning {}: no Raft address for one of {}", key, nodes);
            return;
        }
        LOG.info("Reassigning {}: group {} members {} -> {}", key, group.id(), group.members(), nodes);
        List<Integer> sorted = new ArrayList<>(nodes);
        sorted.sort(null);
        // A new member gets the group's checkpoint installed and copies the data it describes: take one now, after an
        // entry of this term, so it covers the partition even if nothing was produced since the handover.
        CompletableFuture<MetadataResult> changed = leading.log()
                .submit(HandoverEntry.NOOP, HandoverEntry.DATA, null)
                .thenCompose(noop -> leading.log().checkpoint())
                .thenCompose(checkpoint -> leading.log().setMembers(members))
                .thenCompose(done -> metadata.assignPartitionGroup(key.topicId(), key.partition(), group.id(), sorted,
                        target.get(0), p.group().startOffset()));
        step(key, "membership change", changed);
    }

    private void step(PartitionKey key, String what, CompletableFuture<MetadataResult> step) {
        busy.add(key);
        step.whenComplete((result, error) -> groups.onControl(() -> {
            busy.remove(key);
            if (error != null || !result.isOk()) {
                LOG.info("Reassigning {}: {} did not complete ({}); trying again", key, what,
                        error != null ? error.toString() : result);
                groups.onControl(() -> drive(metadata.image()), true);
            } else {
                groups.onControl(() -> drive(metadata.image()), false);
            }
        }, false));
    }
}
