package io.samsa.broker.metadata;

import io.samsa.broker.metadata.MetadataRecord.AllocateProducerIdsRecord;
import io.samsa.broker.metadata.MetadataRecord.ClusterIdRecord;
import io.samsa.broker.metadata.MetadataRecord.ConfigRecord;
import io.samsa.broker.metadata.MetadataRecord.CreatePartitionsRecord;
import io.samsa.broker.metadata.MetadataRecord.PartitionChangeRecord;
import io.samsa.broker.metadata.MetadataRecord.RegisterBrokerRecord;
import io.samsa.broker.metadata.MetadataRecord.RemoveTopicRecord;
import io.samsa.broker.metadata.MetadataRecord.TopicRecord;
import io.samsa.protocol.ErrorCode;
import io.samsa.raft.LocalJournal;
import io.samsa.raft.RaftNode;
import io.samsa.raft.ReplicatedLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's door to cluster metadata: reads come from the latest {@link MetadataImage}; writes are validated
 * against it ({@link TopicPlanner}), submitted to the metadata log as {@link MetadataRecord}s and validated again when
 * applied. Every write's future completes only once the local image reflects it, so a CreateTopics answer is
 * followed at once by a Metadata answer that shows the topic. Errors are Kafka {@link ErrorCode}s per item; an
 * unreachable quorum gives {@code REQUEST_TIMED_OUT}.
 *
 * <p>Threading: thread-safe. Futures complete on this store's own thread ({@code samsa-metadata-<node>}), never on
 * the log's apply thread. The store owns the log when opened with {@link #openLocal}; with {@link #openRaft} the
 * {@link RaftNode} stays the caller's.
 */
public final class MetadataStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);

    /** The metadata Raft group: one fixed id, so that every node joins the same group. */
    public static final UUID METADATA_GROUP_ID = UUID.fromString("5a4d5341-0000-4000-8000-6d6574616461");

    private final int nodeId;
    private final ReplicatedLog log;
    private final MetadataStateMachine stateMachine;
    private final MetadataSettings settings;
    private final ExecutorService executor;
    private final MetadataWriter writer;

    private MetadataStore(int nodeId, ReplicatedLog log, MetadataStateMachine stateMachine, MetadataSettings settings) {
        this.nodeId = nodeId;
        this.log = log;
        this.stateMachine = stateMachine;
        this.settings = settings;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "samsa-metadata-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        this.writer = new MetadataWriter(log, stateMachine, settings.requestTimeout(), executor);
        // Leader notifications arrive on Ratis threads, some holding Ratis locks: act on them on our own thread.
        log.addLeaderListener((leader, term) -> {
            try {
                executor.execute(() -> leaderChanged(leader.orElse(MetadataImage.NO_CONTROLLER)));
            } catch (RejectedExecutionException e) {
                // Closed: nothing left to update.
            }
        });
    }

    /**
     * A single-node store on a {@link LocalJournal} in {@code metadataLogDir}: replays the journal, writes a cluster
     * id on first start, and returns ready for writes (milliseconds, not Ratis' 0.6 s).
     */
    public static MetadataStore openLocal(int nodeId, Path metadataLogDir, MetadataSettings settings)
            throws IOException {
        MetadataStateMachine stateMachine = new MetadataStateMachine();
        LocalJournal journal = LocalJournal.open(nodeId, metadataLogDir, stateMachine, settings.snapshotThreshold());
        MetadataStore store = new MetadataStore(nodeId, journal, stateMachine, settings);
        try {
            store.ready().get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            store.close();
            throw new IOException("metadata journal " + metadataLogDir + " did not become ready", e);
        }
        return store;
    }

    /**
     * A store on the metadata group of a running {@link RaftNode}, which must have been started with a provider that
     * returns {@code stateMachine} for {@link #METADATA_GROUP_ID}. Voters join as voters, other nodes as listeners.
     * Returns at once; {@link #ready()} completes when the image has a cluster id (on a fresh quorum, once the first
     * leader has written it). Writes made before a leader exists are retried until {@code RaftConfig.submitTimeout}.
     */
    public static MetadataStore openRaft(RaftNode node, MetadataStateMachine stateMachine, MetadataSettings settings)
            throws IOException {
        ReplicatedLog log = node.joinGroup(METADATA_GROUP_ID, node.config().voters());
        return new MetadataStore(node.config().nodeId(), log, stateMachine, settings);
    }

    /** Completes once the image has a cluster id, i.e. the metadata log has a leader and accepts writes. */
    public CompletableFuture<MetadataImage> ready() {
        MetadataImage current = image();
        if (current.clusterId() != null) {
            return CompletableFuture.completedFuture(current);
        }
        CompletableFuture<MetadataImage> ready = new CompletableFuture<>();
        MetadataStateMachine.ImageListener listener = new MetadataStateMachine.ImageListener() {
            @Override
            public void imageChanged(MetadataImage previous, MetadataImage next) {
                if (next.clusterId() != null && ready.complete(next)) {
                    stateMachine.removeListener(this);
                }
            }
        };
        stateMachine.addListener(listener);
        if (image().clusterId() != null && ready.complete(image())) {
            stateMachine.removeListener(listener);
        }
        return ready.thenApplyAsync(Function.identity(), executor);
    }

    public MetadataImage image() {
        return stateMachine.image();
    }

    /** True when this node leads the metadata log (is Kafka's active controller). */
    public boolean isController() {
        return log.isLeader();
    }

    public int nodeId() {
        return nodeId;
    }

    /** Completes (on this store's thread) once the local image reflects offset {@code offset}. */
    public CompletableFuture<MetadataImage> awaitOffset(long offset) {
        return stateMachine.awaitOffset(offset).thenApplyAsync(Function.identity(), executor);
    }

    /** Listens to every new image; called on the log's apply thread, so it must not block. */
    public void addImageListener(MetadataStateMachine.ImageListener listener) {
        stateMachine.addListener(listener);
    }

    /** Creates topics; each topic is its own record, so each succeeds or fails alone. Results in request order. */
    public CompletableFuture<Map<String, CreateTopicResult>> createTopics(List<NewTopic> topics, boolean validateOnly) {
        MetadataImage image = image();
        Map<String, Integer> counts = new HashMap<>();
        topics.forEach(t -> counts.merge(t.name(), 1, Integer::sum));
        Map<String, CompletableFuture<CreateTopicResult>> results = new LinkedHashMap<>();
        for (NewTopic topic : topics) {
            if (counts.get(topic.name()) > 1) {
                results.put(topic.name(), CompletableFuture.completedFuture(CreateTopicResult.failed(
                        ErrorCode.INVALID_REQUEST, "Duplicate topic name " + topic.name() + " in the request.")));
                continue;
            }
            TopicPlanner.Plan<TopicRecord> plan = TopicPlanner.planCreate(image, topic, settings);
            if (!plan.isOk()) {
                results.put(topic.name(), CompletableFuture.completedFuture(
                        CreateTopicResult.failed(plan.error(), plan.message())));
            } else if (validateOnly) {
                results.put(topic.name(), CompletableFuture.completedFuture(created(plan.record(), null)));
            } else {
                TopicRecord record = plan.record();
                results.put(topic.name(), submit(record).thenApply(outcome -> outcome.isOk()
                        ? created(record, record.topicId())
                        : CreateTopicResult.failed(outcome.error(), outcome.message())));
            }
        }
        return allOf(results);
    }

    private static CreateTopicResult created(TopicRecord record, UUID topicId) {
        return new CreateTopicResult(ErrorCode.NONE, null, topicId, record.partitions().size(),
                record.partitions().get(0).replicas().size());
    }

    /** Deletes topics by name; an unknown name gives {@code UNKNOWN_TOPIC_OR_PARTITION}. */
    public CompletableFuture<Map<String, MetadataResult>> deleteTopics(List<String> names) {
        MetadataImage image = image();
        Map<String, CompletableFuture<MetadataResult>> results = new LinkedHashMap<>();
        for (String name : names) {
            results.put(name, image.topic(name)
                    .map(t -> submit(new RemoveTopicRecord(t.topicId())).thenApply(o -> o.error()
                            == ErrorCode.UNKNOWN_TOPIC_ID ? unknownTopic() : result(o)))
                    .orElseGet(() -> CompletableFuture.completedFuture(unknownTopic())));
        }
        return allOf(results);
    }

    /** Deletes topics by id (DeleteTopics v6+); an unknown id gives {@code UNKNOWN_TOPIC_ID}. */
    public CompletableFuture<Map<UUID, MetadataResult>> deleteTopicsById(List<UUID> topicIds) {
        MetadataImage image = image();
        Map<UUID, CompletableFuture<MetadataResult>> results = new LinkedHashMap<>();
        for (UUID id : topicIds) {
            results.put(id, image.topic(id).isPresent()
                    ? submit(new RemoveTopicRecord(id)).thenApply(MetadataStore::result)
                    : CompletableFuture.completedFuture(MetadataResult.error(ErrorCode.UNKNOWN_TOPIC_ID, null)));
        }
        return allOf(results);
    }

    private static MetadataResult unknownTopic() {
        return MetadataResult.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null);
    }

    /** Adds partitions to topics (CreatePartitions). */
    public CompletableFuture<Map<String, MetadataResult>> createPartitions(List<NewPartitions> requests,
                                                                            boolean validateOnly) {
        MetadataImage image = image();
        Map<String, CompletableFuture<MetadataResult>> results = new LinkedHashMap<>();
        for (NewPartitions request : requests) {
            TopicPlanner.Plan<CreatePartitionsRecord> plan = TopicPlanner.planPartitions(image, request);
            if (!plan.isOk()) {
                results.put(request.topic(), CompletableFuture.completedFuture(
                        MetadataResult.error(plan.error(), plan.message())));
            } else if (validateOnly) {
                results.put(request.topic(), CompletableFuture.completedFuture(MetadataResult.OK));
            } else {
                results.put(request.topic(), submit(plan.record()).thenApply(MetadataStore::result));
            }
        }
        return allOf(results);
    }

    /**
     * Changes topic or broker configs: SET/DELETE per key (IncrementalAlterConfigs), or with {@code replace} the
     * given SETs become the whole config (legacy AlterConfigs). The resulting configs are checked by the
     * {@link ConfigValidator} first.
     */
    public CompletableFuture<Map<ConfigResource, MetadataResult>> alterConfigs(
            Map<ConfigResource, List<ConfigChange>> changes, boolean replace, boolean validateOnly) {
        MetadataImage image = image();
        Map<ConfigResource, CompletableFuture<MetadataResult>> results = new LinkedHashMap<>();
        for (Map.Entry<ConfigResource, List<ConfigChange>> e : changes.entrySet()) {
            ConfigRecord record = new ConfigRecord(e.getKey(), e.getValue(), replace);
            MetadataResult invalid = ConfigChecks.check(image, record, settings.configValidator());
            if (!invalid.isOk()) {
                results.put(e.getKey(), CompletableFuture.completedFuture(invalid));
            } else if (validateOnly) {
                results.put(e.getKey(), CompletableFuture.completedFuture(MetadataResult.OK));
            } else {
                results.put(e.getKey(), submit(record).thenApply(MetadataStore::result));
            }
        }
        return allOf(results);
    }

    /** Reserves the next block of producer ids for {@code brokerId}; unique across the cluster and restarts. */
    public CompletableFuture<ProducerIdBlock> allocateProducerIds(int brokerId) {
        int size = settings.producerIdBlockSize();
        return submit(new AllocateProducerIdsRecord(brokerId, size)).thenApply(outcome -> {
            if (!outcome.isOk()) {
                throw new MetadataException(outcome.error(), outcome.message());
            }
            return new ProducerIdBlock(brokerId, outcome.value(), size);
        });
    }

    /**
     * Registers this broker process. A new {@code incarnationId} (a restart) gets a new, higher broker epoch; the
     * same incarnation registering again keeps its epoch and updates its endpoints.
     */
    public CompletableFuture<BrokerRegistration> registerBroker(int brokerId, UUID incarnationId,
                                                                List<BrokerEndpoint> endpoints, String rack) {
        return submit(new RegisterBrokerRecord(brokerId, incarnationId, endpoints, rack)).thenApply(outcome -> {
            if (!outcome.isOk()) {
                throw new MetadataException(outcome.error(), outcome.message());
            }
            return new BrokerRegistration(brokerId, incarnationId, outcome.value(), endpoints, rack);
        });
    }

    /**
     * Records a partition's new leader and leader epoch, and optionally replicas and ISR (null: unchanged). An epoch
     * older than the current one is refused with {@code FENCED_LEADER_EPOCH}.
     */
    public CompletableFuture<MetadataResult> changePartition(UUID topicId, int partition, int leader, int leaderEpoch,
                                                             List<Integer> replicas, List<Integer> isr) {
        return submit(new PartitionChangeRecord(topicId, partition, leader, leaderEpoch, replicas, isr))
                .thenApply(MetadataStore::result);
    }

    /**
     * Starts, retargets or (with a null {@code target}) cancels the reassignment of a partition; the data groups then
     * move the data ({@code ReplicationService}). Completes once the local image shows it.
     */
    public CompletableFuture<MetadataResult> reassignPartition(UUID topicId, int partition, List<Integer> target) {
        return submit(new MetadataRecord.ReassignPartitionRecord(topicId, partition, target))
                .thenApply(MetadataStore::result);
    }

    /** Puts a partition in a data group of its own, or records that group's new members ({@link PartitionGroup}). */
    public CompletableFuture<MetadataResult> assignPartitionGroup(UUID topicId, int partition, UUID groupId,
                                                                  List<Integer> members, int preferredLeader,
                                                                  long startOffset) {
        return submit(new MetadataRecord.PartitionGroupRecord(topicId, partition, groupId, members, preferredLeader,
                startOffset)).thenApply(MetadataStore::result);
    }

    /** Ends a reassignment once the partition's data group matches its target. */
    public CompletableFuture<MetadataResult> completeReassignment(UUID topicId, int partition) {
        return submit(new MetadataRecord.CompleteReassignmentRecord(topicId, partition))
                .thenApply(MetadataStore::result);
    }

    private static MetadataResult result(ApplyOutcome outcome) {
        return outcome.isOk() ? MetadataResult.OK : MetadataResult.error(outcome.error(), outcome.message());
    }

    private CompletableFuture<ApplyOutcome> submit(MetadataRecord record) {
        return writer.submit(record);
    }

    private static <K, V> CompletableFuture<Map<K, V>> allOf(Map<K, CompletableFuture<V>> futures) {
        return CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<K, V> results = new LinkedHashMap<>();
            futures.forEach((k, f) -> results.put(k, f.join()));
            return results;
        });
    }

    /** On this store's thread: note the new controller; a new leader writes the cluster id if it is missing. */
    private void leaderChanged(int leaderId) {
        stateMachine.controllerChanged(leaderId);
        if (leaderId == nodeId && image().clusterId() == null) {
            String clusterId = settings.clusterId() != null ? settings.clusterId()
                    : TopicPlanner.base64(UUID.randomUUID());
            // The bootstrap configs go first, so an image with a cluster id (ready) always has them.
            CompletableFuture<?> configs = settings.bootstrapClusterConfigs().isEmpty()
                    ? CompletableFuture.completedFuture(null)
                    : log.submit(MetadataRecordCodec.encode(new ConfigRecord(ConfigResource.clusterDefault(),
                            settings.bootstrapClusterConfigs().entrySet().stream()
                                    .map(e -> ConfigChange.set(e.getKey(), e.getValue())).toList(), false)));
            configs.thenCompose(ignored -> log.submit(MetadataRecordCodec.encode(new ClusterIdRecord(clusterId))))
                    .whenComplete((commit, error) -> {
                        if (error != null) {
                            LOG.warn("Could not write the cluster id: {}", error.toString());
                        }
                    });
        }
    }

    /** Stops the store's thread, and the log when the store owns it (a local journal). */
    @Override
    public void close() {
        if (log instanceof LocalJournal) {
            log.close();
        }
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
