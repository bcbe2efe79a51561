package io.samsa.broker.partition;

import io.samsa.broker.log.LogConfig;
import io.samsa.broker.log.LogManager;
import io.samsa.broker.log.PartitionLog;
import io.samsa.broker.log.Scheduler;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.broker.metadata.TopicImage;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts, kept in step with the cluster metadata: every new
 * {@link MetadataImage} is reconciled against them. A partition assigned to this broker gets its
 * log (created, or reopened from disk) and a {@link Partition}; a deleted topic's partitions are
 * removed and their logs deleted; leadership changes and topic config changes reach the partitions
 * and their logs. As in Kafka, a partition directory's {@code partition.metadata} names its topic
 * id, so a log left by an older topic of the same name is deleted rather than served.
 *
 * <p>Threads: reconciliation runs on the metadata log's apply thread (as Kafka's metadata publisher
 * creates logs on its loader thread) and at start; it is synchronized. It does file I/O (creating
 * a partition's directory and first segment: a few milliseconds), which is why a CreateTopics
 * answer, given once the image is applied, already finds the partitions hosted. Lookups are
 * lock-free from any thread.
 */
public final class PartitionManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);

    private final int brokerId;
    private final LogManager logs;
    private final LogConfig brokerDefaults;
    private final Replication.Factory replication;
    private final Scheduler fetchTimer;
    private final ConcurrentHashMap<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TopicIdPartition, Partition> byTopicId = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> appliedOverrides = new HashMap<>();
    private volatile boolean shuttingDown;
    private boolean closed;
    private long reconciledOffset = -1;

    private record TopicIdPartition(UUID topicId, int partition) { }

    private PartitionManager(int brokerId, LogManager logs, LogConfig brokerDefaults, Replication.Factory replication,
                             Scheduler fetchTimer) {
        this.brokerId = brokerId;
        this.logs = logs;
        this.brokerDefaults = brokerDefaults;
        this.replication = replication;
        this.fetchTimer = fetchTimer;
    }

    /**
     * Hosts the partitions the current image assigns to {@code brokerId} and follows every later image.
     *
     * @param brokerDefaults the broker's log config, to which each topic's overrides apply
     * @param replication    how each partition replicates ({@link LocalReplication#factory()} on a single node)
     * @param fetchTimer     runs the long-poll fetches' expiry (not shared with slow work such as fsyncs)
     */
    public static PartitionManager open(int brokerId, MetadataStore metadata, LogManager logs, LogConfig brokerDefaults,
                                        Replication.Factory replication, Scheduler fetchTimer) {
        PartitionManager manager = new PartitionManager(brokerId, logs, brokerDefaults, replication, fetchTimer);
        metadata.addImageListener((previous, next) -> manager.reconcile(next));
        manager.reconcile(metadata.image());
        manager.reportStrayLogs();
        return manager;
    }

    // ---- lookups -------------------------------------------------------------------------------

    public Optional<Partition> partition(TopicPartition topicPartition) {
        return Optional.ofNullable(partitions.get(topicPartition));
    }

    public Optional<Partition> partition(UUID topicId, int partition) {
        return Optional.ofNullable(byTopicId.get(new TopicIdPartition(topicId, partition)));
    }

    public Collection<Partition> partitions() {
        return List.copyOf(partitions.values());
    }

    // ---- long-poll fetches ---------------------------------------------------------------------

    /**
     * Parks a fetch until {@code bytesNeeded} more bytes arrive in {@code watched}, one of them changes
     * leadership or is deleted, or {@code maxWaitMs} passes (see {@link DelayedFetch}). During
     * shutdown it completes at once.
     */
    public DelayedFetch delayFetch(List<Partition> watched, long[] observedHighWatermarks, long bytesNeeded,
                                   long maxWaitMs) {
        DelayedFetch fetch = DelayedFetch.await(watched, observedHighWatermarks, bytesNeeded, maxWaitMs, fetchTimer);
        if (shuttingDown) {
            fetch.complete();
        }
        return fetch;
    }

    /**
     * The first step of a broker's shutdown: answers every waiting fetch now and every later one at
     * once, so the socket server's drain does not wait out long polls.
     */
    public void completeDelayedFetches() {
        shuttingDown = true;
        for (Partition partition : partitions.values()) {
            partition.completeWaitingFetches();
        }
    }

    // ---- reconciliation ------------------------------------------------------------------------

    synchronized void reconcile(MetadataImage image) {
        if (closed || image.offset() < reconciledOffset) {
            return; // the start-up reconciliation may lose the race with a newer image
        }
        reconciledOffset = image.offset();
        Set<TopicPartition> hosted = new HashSet<>();
        for (TopicImage topic : image.topics()) {
            Map<String, String> overrides = image.topicConfigs(topic.name());
            boolean configChanged = appliedOverrides.containsKey(topic.name())
                    && !overrides.equals(appliedOverrides.get(topic.name()));
            LogConfig config = null;
            for (PartitionImage assigned : topic.partitions()) {
                if (!assigned.replicas().contains(brokerId)) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.name(), assigned.partition());
                hosted.add(tp);
                if (config == null) {
                    config = logConfig(topic.name(), overrides);
                }
                Partition existing = partitions.get(tp);
                if (existing != null && existing.topicId().equals(topic.topicId())) {
                    existing.update(assigned);
                    if (configChanged) {
                        existing.log().updateConfig(config);
                    }
                } else {
                    if (existing != null) {
                        remove(existing); // the name now belongs to a new topic
                    }
                    host(tp, topic.topicId(), assigned, config);
                }
            }
            appliedOverrides.put(topic.name(), overrides);
        }
        for (Partition partition : List.copyOf(partitions.values())) {
            if (!hosted.contains(partition.topicPartition())) {
                remove(partition);
            }
        }
        Set<String> topics = new HashSet<>();
        image.topics().forEach(t -> topics.add(t.name()));
        appliedOverrides.keySet().retainAll(topics);
    }

    private LogConfig logConfig(String topic, Map<String, String> overrides) {
        try {
            return brokerDefaults.withOverrides(overrides);
        } catch (RuntimeException e) {
            // Configs are validated before they reach the metadata log; this is a bug, not a user error.
            LOG.error("Topic {} has invalid configs {}; using the broker defaults", topic, overrides, e);
            return brokerDefaults;
        }
    }

    private void host(TopicPartition tp, UUID topicId, PartitionImage assigned, LogConfig config) {
        try {
            PartitionLog log = logs.getOrCreateLog(tp, config);
            UUID onDisk = PartitionMetadataFile.read(log.dir());
            if (onDisk != null && !onDisk.equals(topicId)) {
                LOG.info("Deleting the log of {} left by an earlier topic (id {}, now {})", tp, onDisk, topicId);
                logs.deleteLog(tp);
                log = logs.getOrCreateLog(tp, config);
                onDisk = null;
            }
            if (onDisk == null) {
                PartitionMetadataFile.write(log.dir(), topicId);
            }
            log.updateConfig(config);
            Partition partition = new Partition(tp, topicId, brokerId, log, assigned, replication);
            partitions.put(tp, partition);
            byTopicId.put(new TopicIdPartition(topicId, tp.partition()), partition);
        } catch (IOException | RuntimeException e) {
            // Not hosted: requests get NOT_LEADER_OR_FOLLOWER, and the next image tries again.
            LOG.error("Could not open the log of {}", tp, e);
        }
    }

    private void remove(Partition partition) {
        TopicPartition tp = partition.topicPartition();
        partitions.remove(tp, partition);
        byTopicId.remove(new TopicIdPartition(partition.topicId(), tp.partition()), partition);
        partition.markDeleted();
        try {
            logs.deleteLog(tp);
            LOG.info("Deleted partition {}", tp);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not delete the log of {}", tp, e);
        }
    }

    /** Logs on disk that no image assigns here (a metadata directory reset?) are kept, unserved, with a warning. */
    private synchronized void reportStrayLogs() {
        for (PartitionLog log : logs.allLogs()) {
            TopicPartition tp = log.topicPartition();
            if (tp != null && !partitions.containsKey(tp)) {
                LOG.warn("Log {} belongs to no topic in the metadata; it is kept but not served", log.dir());
            }
        }
    }

    /** Stops following the metadata and answers the waiting fetches. The logs stay the LogManager's to close. */
    @Override
    public synchronized void close() {
        closed = true;
        completeDelayedFetches();
    }
}
