package io.samsa.broker.replication;

import io.samsa.broker.common.Time;
import io.samsa.broker.log.PartitionLog;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.PartitionGroup;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.partition.LocalReplication;
import io.samsa.broker.partition.Replication;
import io.samsa.raft.DataGroupMember;
import io.samsa.raft.QuorumVoter;
import io.samsa.raft.RaftNode;
import io.samsa.raft.ReplicatedDataLog;
import io.samsa.raft.ReplicatedDataStateMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicated partitions on this node: the pool of partition-set groups ({@link DataGroupPlacement}) and their state
 * machines, the {@link Replication.Factory} the partition layer uses ({@link RatisReplication} for partitions in a data
 * group, i.e. replication factor above 1 or moved; {@link PromotableReplication}, the local path, otherwise), and the publication of each group's leader and term into the metadata
 * as the leader and leader epoch of its partitions, so every broker's Metadata answer names the group leader.
 *
 * <p>Start-up order: create it, hand {@link #stateMachine} to {@link RaftNode#start} (Ratis reopens the groups found on
 * disk at once, before the partitions are hosted: their writes wait), open the metadata store, {@link #start}, then
 * open the partition layer with {@link #factory()}.
 *
 * <p>Threads: joins, leader publication and the reconciliation with each metadata image run on one control thread
 * ({@code samsa-replication-<node>}); submits on one submitter thread; re-reads for lagging followers on two reader
 * threads; each group's writes on its own writer thread.
 */
public final class ReplicationService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationService.class);
    private static final long RETRY_MS = 1000;

    private final int nodeId;
    private final DataGroupPlacement placement;
    private final Time time;
    private final ScheduledExecutorService control;
    private final ExecutorService submitter;
    private final ExecutorService readers;
    private final Map<UUID, HostedGroup> groups = new ConcurrentHashMap<>();
    /** Every replicated partition hosted here, known to every group's state machine (a moved one's old group too). */
    private final Map<PartitionKey, HostedReplica> replicas = new ConcurrentHashMap<>();
    /** Unreplicated partitions hosted here (the local path), until a reassignment puts one in a data group. */
    private final Map<PartitionKey, PromotableReplication> unreplicated = new ConcurrentHashMap<>();
    /** The group each hosted partition's appends go to now. */
    private final Map<PartitionKey, HostedGroup> assigned = new ConcurrentHashMap<>();
    private final ReplicaCopy copy;
    private volatile ReassignmentDriver driver;
    /** Control thread only: partition changes submitted and not yet answered, by (partition, term). */
    private final Set<String> publishing = new HashSet<>();
    private volatile RaftNode node;
    private volatile MetadataStore metadata;

    /**
     * @param groupsPerLeader how many groups each node is the preferred leader of, per replica set
     */
    public ReplicationService(int nodeId, int groupsPerLeader, Time time) {
        this.nodeId = nodeId;
        this.placement = new DataGroupPlacement(groupsPerLeader);
        this.time = time;
        this.control = Executors.newSingleThreadScheduledExecutor(daemon("samsa-replication-" + nodeId));
        this.submitter = Executors.newSingleThreadExecutor(daemon("samsa-data-submit-" + nodeId));
        this.readers = Executors.newFixedThreadPool(2, daemon("samsa-data-read-" + nodeId + "-"));
        this.copy = new ReplicaCopy(nodeId, () -> metadata, time);
    }

    /** For {@link RaftNode#start}: the state machine of every group except the metadata group. */
    public ReplicatedDataStateMachine stateMachine(UUID groupId) {
        if (MetadataStore.METADATA_GROUP_ID.equals(groupId)) {
            return null;
        }
        return hosted(groupId).stateMachine();
    }

    private HostedGroup hosted(UUID groupId) {
        return groups.computeIfAbsent(groupId, id -> {
            DataGroupStateMachine stateMachine = new DataGroupStateMachine(id, new MetadataPlacement(), readers);
            stateMachine.useCopier(copy);
            replicas.values().forEach(stateMachine::register);
            return new HostedGroup(id, stateMachine,
                    group -> new EntryBatcher(group, submitter, time, this::metadataOffset));
        });
    }

    /** Follows the metadata from now on: joins the groups this node's partitions need and publishes leaders. */
    public void start(RaftNode node, MetadataStore metadata) {
        this.node = node;
        this.metadata = metadata;
        this.driver = new ReassignmentDriver(metadata, placement, new DriverGroups());
        metadata.addImageListener((previous, next) -> onControl(this::reconcile));
        onControl(this::reconcile);
    }

    /** The partition layer's factory: Raft data groups for replicated partitions, the local path otherwise. */
    public Replication.Factory factory() {
        return this::create;
    }

    private Replication create(PartitionLog log, Replication.HighWatermarkListener listener) {
        TopicPartition tp = log.topicPartition();
        MetadataStore store = metadata;
        Optional<TopicImage> topic = store == null || tp == null ? Optional.empty() : store.image().topic(tp.topic());
        PartitionImage image = topic.flatMap(t -> t.partition(tp.partition())).orElse(null);
        if (image == null) {
            return new LocalReplication(log, listener);
        }
        PartitionKey key = new PartitionKey(topic.get().topicId(), tp.partition());
        if (!DataGroupPlacement.isReplicated(image)) {
            PromotableReplication local = new PromotableReplication(log, listener);
            unreplicated.put(key, local);
            return local;
        }
        host(key, log, listener, image);
        onControl(this::reconcile);
        return new RatisReplication(key, () -> assigned.get(key));
    }

    /** Makes the replica known to every group here, and assigns it to its group when this node is a member. */
    private void host(PartitionKey key, PartitionLog log, Replication.HighWatermarkListener listener,
                      PartitionImage image) {
        HostedReplica replica = new HostedReplica(key, log, listener);
        replicas.put(key, replica);
        DataGroup group = placement.groupOf(key.topicId(), image);
        if (isHere(group, image)) {
            assign(key, group, image.group() != null);
        }
        groups.values().forEach(g -> g.stateMachine().register(replica));
    }

    /** An unreplicated partition hosted here entered a data group (a reassignment): its appends go there now. */
    private void promote(PartitionKey key, PartitionImage image) {
        PromotableReplication local = unreplicated.remove(key);
        if (local != null) {
            host(key, local.log(), local.listener(), image);
            local.promote(new RatisReplication(key, () -> assigned.get(key)));
            LOG.info("{} is replicated through data group {} from now on", key,
                    placement.groupOf(key.topicId(), image).id());
        }
    }

    private HostedGroup assign(PartitionKey key, DataGroup group, boolean own) {
        HostedGroup hosted = hosted(group.id());
        hosted.placed(group, own);
        assigned.put(key, hosted);
        return hosted;
    }

    /** True when this node is a member of the partition's group, or is being added to it by a reassignment. */
    private boolean isHere(DataGroup group, PartitionImage p) {
        return group.members().contains(nodeId)
                || (p.group() != null && p.reassignment() != null && p.reassignment().target().contains(nodeId));
    }

    // ---- control thread ----------------------------------------------------------------------------------

    private void onControl(Runnable task) {
        try {
            control.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // Closing.
        }
    }

    private void onControlLater(Runnable task) {
        try {
            control.schedule(guarded(task), RETRY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing.
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Replication control task failed", e);
            }
        };
    }

    /**
     * Places every replicated partition hosted here, joins the groups (a group this node is being added to, empty),
     * forgets replicas moved away, leaves the groups of partitions moved away, publishes leaders and drives
     * reassignments.
     */
    private void reconcile() {
        MetadataImage image = metadata.image();
        Set<UUID> ownGroupsHere = new HashSet<>();
        for (TopicImage topic : image.topics()) {
            for (PartitionImage p : topic.partitions()) {
                if (!DataGroupPlacement.isReplicated(p) || !p.replicas().contains(nodeId)) {
                    continue;
                }
                PartitionKey key = new PartitionKey(topic.topicId(), p.partition());
                promote(key, p);
                DataGroup group = placement.groupOf(topic.topicId(), p);
                if (isHere(group, p)) {
                    join(assign(key, group, p.group() != null));
                    if (p.group() != null) {
                        ownGroupsHere.add(group.id());
                    }
                } else {
                    // Hosted while a reassignment brings it here, before its group takes this node in.
                    assigned.remove(key);
                }
            }
        }
        // A partition's own group (a reassignment made it) that no partition here needs any more: moved away, deleted.
        for (HostedGroup hosted : List.copyOf(groups.values())) {
            if (hosted.own() && !ownGroupsHere.contains(hosted.id())) {
                leave(hosted.id());
            }
        }
        // Judged against the newest image, not the one above: a partition hosted meanwhile must stay registered.
        for (PartitionKey key : List.copyOf(replicas.keySet())) {
            if (notHostedAsOf(key, 0)) {
                replicas.remove(key);
                assigned.remove(key);
            }
        }
        unreplicated.keySet().removeIf(key -> notHostedAsOf(key, 0));
        for (HostedGroup hosted : groups.values()) {
            hosted.stateMachine().dropReplicasIf(key -> notHostedAsOf(key, 0));
        }
        publishLeaders(image);
        driver.drive(image);
    }

    private void join(HostedGroup hosted) {
        DataGroup group = hosted.group();
        RaftNode raft = node;
        if (hosted.log() != null || group == null || raft == null) {
            return;
        }
        List<DataGroupMember> members = members(raft, group.members(), group.preferredLeader());
        if (members == null) {
            LOG.error("Data group {}: no Raft address known for one of {}; only controller.quorum.voters can be "
                    + "data group members for now", group.id(), group.members());
            return;
        }
        try {
            ReplicatedDataLog log = raft.joinDataGroup(group.id(), members);
            hosted.joined(log);
            log.addLeaderListener((leader, term) -> onControl(() -> {
                publishLeaders(metadata.image());
                driver.drive(metadata.image());
            }));
            LOG.info("Joined data group {} (members {}, preferred leader {}{})", group.id(), group.members(),
                    group.preferredLeader(), group.members().contains(nodeId) ? "" : "; joining as a new member");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not join data group {}; retrying: {}", group.id(), e.toString());
            onControlLater(() -> join(hosted));
        }
    }

    /** This node is no longer a member of a partition's own group (moved away): stop and delete the division. */
    private void leave(UUID groupId) {
        HostedGroup hosted = groups.get(groupId);
        RaftNode raft = node;
        if (raft == null || (hosted == null && !raft.groupIds().contains(groupId))) {
            return;
        }
        try {
            raft.removeGroup(groupId, true);
            HostedGroup removed = groups.remove(groupId);
            if (removed != null) {
                removed.stateMachine().close(); // a no-op when Ratis closed it with the division
            }
            LOG.info("Left data group {}", groupId);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not leave data group {}; retrying: {}", groupId, e.toString());
            onControlLater(() -> leave(groupId));
        }
    }

    private static List<DataGroupMember> members(RaftNode raft, List<Integer> nodes, int preferred) {
        List<DataGroupMember> members = new ArrayList<>();
        for (int member : nodes) {
            String address = raftAddress(raft, member);
            if (address == null) {
                return null;
            }
            members.add(new DataGroupMember(member, address, member == preferred ? 1 : 0));
        }
        return members;
    }

    private static String raftAddress(RaftNode raft, int member) {
        for (QuorumVoter voter : raft.config().voters()) {
            if (voter.id() == member) {
                return voter.address();
            }
        }
        return null;
    }

    /**
     * For each group this node leads (leader-ready), records this node as leader of its partitions with the group's
     * term as leader epoch where the image says otherwise. The metadata refuses an epoch older than its own, so a
     * late publication by a former leader changes nothing.
     */
    private void publishLeaders(MetadataImage image) {
        for (TopicImage topic : image.topics()) {
            for (PartitionImage p : topic.partitions()) {
                if (!DataGroupPlacement.isReplicated(p) || !p.replicas().contains(nodeId)) {
                    continue;
                }
                HostedGroup hosted = groups.get(placement.groupOf(topic.topicId(), p).id());
                if (hosted == null || !hosted.isLeader()) {
                    continue;
                }
                long epoch = hosted.log().term() + (p.group() != null ? p.group().epochBase() : 0);
                if (p.leader() == nodeId && p.leaderEpoch() == epoch) {
                    continue;
                }
                publish(topic, p, epoch);
            }
        }
    }

    private void publish(TopicImage topic, PartitionImage p, long term) {
        String key = topic.topicId() + "-" + p.partition() + "@" + term;
        if (term > Integer.MAX_VALUE || !publishing.add(key)) {
            return;
        }
        LOG.info("Publishing node {} as leader of {}-{} at epoch {} (was {} at {})", nodeId, topic.name(),
                p.partition(), term, p.leader(), p.leaderEpoch());
        metadata.changePartition(topic.topicId(), p.partition(), nodeId, (int) term, null, null)
                .whenComplete((result, error) -> onControl(() -> {
                    publishing.remove(key);
                    if (error != null || !result.isOk()) {
                        LOG.info("Leader of {}-{} at epoch {} not recorded ({}); checking again shortly",
                                topic.name(), p.partition(), term, error != null ? error.toString() : result);
                        onControlLater(() -> publishLeaders(metadata.image()));
                    }
                }));
    }

    // ---- state machine support -------------------------------------------------------------------------------

    private long metadataOffset() {
        MetadataStore store = metadata;
        return store == null ? 0 : store.image().offset();
    }

    /** True once this node's metadata is at least at {@code metadataOffset} and does not place the partition here. */
    private boolean notHostedAsOf(PartitionKey partition, long metadataOffset) {
        MetadataStore store = metadata;
        if (store == null) {
            return false;
        }
        MetadataImage image = store.image();
        if (image.offset() < metadataOffset) {
            return false;
        }
        return partition(image, partition).map(p -> !p.replicas().contains(nodeId)).orElse(true);
    }

    private static Optional<PartitionImage> partition(MetadataImage image, PartitionKey key) {
        return image.topic(key.topicId()).flatMap(t -> t.partition(key.partition()));
    }

    /** The groups' view of the metadata: where each partition is hosted and which group appends to it. */
    private final class MetadataPlacement implements DataGroupStateMachine.Placement {
        @Override
        public boolean notHostedAsOf(PartitionKey partition, long metadataOffset) {
            return ReplicationService.this.notHostedAsOf(partition, metadataOffset);
        }

        @Override
        public boolean assignedTo(PartitionKey partition, UUID groupId) {
            MetadataStore store = metadata;
            return store != null && partition(store.image(), partition)
                    .filter(DataGroupPlacement::isReplicated)
                    .map(p -> placement.groupOf(partition.topicId(), p).id().equals(groupId)).orElse(false);
        }

        @Override
        public int epochBase(PartitionKey partition, UUID groupId) {
            return moved(partition, groupId).map(PartitionGroup::epochBase).orElse(0);
        }

        @Override
        public long startOffset(PartitionKey partition, UUID groupId) {
            return moved(partition, groupId).map(PartitionGroup::startOffset).orElse(-1L);
        }

        @Override
        public DataGroupStateMachine.MovedOut movedOut(PartitionKey partition, UUID groupId) {
            MetadataStore store = metadata;
            return store == null ? null : partition(store.image(), partition)
                    .filter(p -> p.group() != null && !p.group().groupId().equals(groupId))
                    .map(p -> new DataGroupStateMachine.MovedOut(p.group().startOffset(), p.leader())).orElse(null);
        }

        private Optional<PartitionGroup> moved(PartitionKey partition, UUID groupId) {
            MetadataStore store = metadata;
            return store == null ? Optional.empty() : partition(store.image(), partition)
                    .map(PartitionImage::group).filter(g -> g.groupId().equals(groupId));
        }
    }

    /** The driver's view of this service; called on the control thread. */
    private final class DriverGroups implements ReassignmentDriver.Groups {
        @Override
        public HostedGroup leading(DataGroup group) {
            HostedGroup hosted = groups.get(group.id());
            return hosted != null && hosted.isLeader() ? hosted : null;
        }

        @Override
        public List<DataGroupMember> members(List<Integer> nodes, int preferred) {
            RaftNode raft = node;
            return raft == null ? null : ReplicationService.members(raft, nodes, preferred);
        }

        @Override
        public void onControl(Runnable step, boolean later) {
            if (later) {
                onControlLater(step);
            } else {
                ReplicationService.this.onControl(step);
            }
        }

        @Override
        public int nodeId() {
            return nodeId;
        }

        @Override
        public CompletableFuture<Long> sealLocal(PartitionKey key) {
            PromotableReplication local = unreplicated.get(key);
            return local == null ? null : local.local().seal();
        }

        @Override
        public void unsealLocal(PartitionKey key) {
            PromotableReplication local = unreplicated.get(key);
            if (local != null) {
                local.local().unseal();
            }
        }
    }

    /** Stops the service's threads. Close the {@link RaftNode} first: it stops the groups' state machines. */
    @Override
    public void close() {
        control.shutdownNow();
        submitter.shutdownNow();
        readers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name.endsWith("-") ? name + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }
}
