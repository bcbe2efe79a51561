package io.samsa.broker.group;

import io.samsa.broker.common.Time;
import io.samsa.broker.log.Scheduler;
import io.samsa.broker.metadata.CreateTopicResult;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which {@link GroupShard}s this broker serves: one per {@code __consumer_offsets} partition it leads, created and
 * loaded when the metadata shows it became the leader (or when the topic appears), unloaded when it stops leading
 * or the leader epoch changes (another broker may have written meanwhile, so the shard is rebuilt from the log).
 * Also creates {@code __consumer_offsets} on first use, and tells shards when topics are deleted so their offsets
 * go too.
 *
 * <p>Thread-safe: the shard map is concurrent for readers; changes to it run on one serial "control" executor.
 */
final class ShardDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ShardDirectory.class);
    private static final long LOAD_RETRY_MS = 1000;
    private static final long LOG_WAIT_RETRY_MS = 20;

    private final int nodeId;
    private final GroupConfig config;
    private final MetadataStore metadata;
    private final OffsetsLog log;
    private final Executor pool;
    private final Scheduler scheduler;
    private final Time time;
    private final SerialExecutor control;
    private final Map<Integer, GroupShard> shards = new ConcurrentHashMap<>();
    private final AtomicReference<CompletableFuture<ErrorCode>> topicCreation = new AtomicReference<>();
    private MetadataImage reconciled;
    /** Some partition this broker leads had no log yet at the last reconcile (control executor only). */
    private boolean awaitingLogs;
    private volatile boolean closed;

    ShardDirectory(int nodeId, GroupConfig config, MetadataStore metadata, OffsetsLog log, Executor pool,
                   Scheduler scheduler, Time time) {
        this.nodeId = nodeId;
        this.config = config;
        this.metadata = metadata;
        this.log = log;
        this.pool = pool;
        this.scheduler = scheduler;
        this.time = time;
        this.control = new SerialExecutor(pool);
    }

    void start() {
        // Called on the metadata log's apply thread, which must not block: hop to the control executor.
        metadata.addImageListener((previous, next) -> submitReconcile());
        submitReconcile();
    }

    void close() {
        closed = true;
        shards.values().forEach(GroupShard::unload);
        shards.clear();
    }

    GroupShard get(int partition) {
        return shards.get(partition);
    }

    Map<Integer, GroupShard> view() {
        return Collections.unmodifiableMap(shards);
    }

    /** Whether the latest metadata names this broker the leader of {@code partition}. */
    boolean leads(int partition) {
        return metadata.image().topic(GroupConfig.OFFSETS_TOPIC).flatMap(t -> t.partition(partition))
                .map(p -> p.leader() == nodeId).orElse(false);
    }

    /** Creates {@code __consumer_offsets}, at most once at a time; NONE once it exists. */
    CompletableFuture<ErrorCode> createOffsetsTopic() {
        CompletableFuture<ErrorCode> current = topicCreation.get();
        if (current != null && !current.isDone()) {
            return current;
        }
        CompletableFuture<ErrorCode> mine = new CompletableFuture<>();
        if (!topicCreation.compareAndSet(current, mine)) {
            return topicCreation.get();
        }
        LOG.info("Creating {} with {} partitions and replication factor {}", GroupConfig.OFFSETS_TOPIC,
                config.offsetsTopicNumPartitions(), config.offsetsTopicReplicationFactor());
        metadata.createTopics(List.of(config.offsetsTopic()), false).whenComplete((results, failure) -> {
            CreateTopicResult result = results == null ? null : results.get(GroupConfig.OFFSETS_TOPIC);
            if (failure != null || result == null) {
                LOG.warn("Could not create {}", GroupConfig.OFFSETS_TOPIC, failure);
                mine.complete(ErrorCode.COORDINATOR_NOT_AVAILABLE);
            } else if (result.isOk() || result.error() == ErrorCode.TOPIC_ALREADY_EXISTS) {
                mine.complete(ErrorCode.NONE);
            } else {
                LOG.warn("Could not create {}: {} {}", GroupConfig.OFFSETS_TOPIC, result.error(), result.message());
                mine.complete(result.error());
            }
        });
        return mine;
    }

    private void submitReconcile() {
        try {
            control.execute(this::reconcile);
        } catch (RejectedExecutionException e) {
            // The broker is stopping.
        }
    }

    /** Reconciles even if the image did not change since the last time (after a failed load). */
    private void submitFullReconcile() {
        try {
            control.execute(() -> {
                reconciled = null;
                reconcile();
            });
        } catch (RejectedExecutionException e) {
            // The broker is stopping.
        }
    }

    private void reconcile() {
        MetadataImage image = metadata.image();
        if (closed || (image == reconciled && !awaitingLogs)) {
            return;
        }
        MetadataImage previous = reconciled;
        reconciled = image;
        Map<Integer, Integer> led = ledPartitions(image);
        if (awaitingLogs) {
            scheduler.scheduleOnce("reconcile-offsets-shards", this::submitReconcile, LOG_WAIT_RETRY_MS);
        }
        shards.forEach((partition, shard) -> {
            Integer epoch = led.get(partition);
            if (epoch == null || epoch != shard.leaderEpoch()) {
                LOG.info("Unloading {}-{}: this broker no longer leads it in epoch {}", GroupConfig.OFFSETS_TOPIC,
                        partition, shard.leaderEpoch());
                shards.remove(partition, shard);
                shard.unload();
            }
        });
        led.forEach((partition, epoch) -> {
            if (!shards.containsKey(partition)) {
                load(partition, epoch);
            }
        });
        if (previous != null) {
            Set<String> deleted = deletedTopics(previous, image);
            if (!deleted.isEmpty()) {
                shards.values().forEach(s -> s.execute(() -> s.offsetOps.removeTopics(deleted)));
            }
        }
    }

    /**
     * On the control executor. The shard is in the map before its load starts: a load that fails at once must find
     * it there to take it out again, or a dead shard would stay and answer for the partition.
     */
    private void load(int partition, int epoch) {
        GroupShard shard = new GroupShard(partition, epoch, config, log, pool, scheduler, time);
        shards.put(partition, shard);
        shard.load().whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.error("Could not load {}-{}; retrying in {} ms", GroupConfig.OFFSETS_TOPIC, partition,
                        LOAD_RETRY_MS, failure);
                shards.remove(partition, shard);
                shard.unload();
                scheduler.scheduleOnce("retry-load-offsets-" + partition, this::submitFullReconcile, LOAD_RETRY_MS);
            }
        });
    }

    /** The partitions this broker leads and hosts, with their epochs; sets {@link #awaitingLogs}. */
    private Map<Integer, Integer> ledPartitions(MetadataImage image) {
        awaitingLogs = false;
        Map<Integer, Integer> led = new HashMap<>();
        Optional<TopicImage> topic = image.topic(GroupConfig.OFFSETS_TOPIC);
        if (topic.isPresent()) {
            for (PartitionImage p : topic.get().partitions()) {
                if (p.leader() != nodeId) {
                    continue;
                }
                if (log.hosts(p.partition())) {
                    led.put(p.partition(), p.leaderEpoch());
                } else {
                    awaitingLogs = true;   // the partition manager opens it in a moment: loading now would fail
                }
            }
        }
        return led;
    }

    /** Topics of {@code before} that are gone (or were recreated under a new id) in {@code after}. */
    private static Set<String> deletedTopics(MetadataImage before, MetadataImage after) {
        Set<String> deleted = new HashSet<>();
        for (TopicImage topic : before.topics()) {
            UUID now = after.topic(topic.name()).map(TopicImage::topicId).orElse(null);
            if (!topic.topicId().equals(now)) {
                deleted.add(topic.name());
            }
        }
        return deleted;
    }
}
