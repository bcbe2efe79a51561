package io.samsa.broker.api.admin;

import io.samsa.broker.BrokerConfig;
import io.samsa.broker.metadata.CreateTopicResult;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.NewTopic;
import io.samsa.broker.metadata.TopicNames;
import io.samsa.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the unknown topics a Metadata request names when {@code auto.create.topics.enable} and the request's
 * {@code allow_auto_topic_creation} allow it, as Kafka 4's {@code AutoTopicCreationManager} does: with
 * {@code num.partitions} and {@code default.replication.factor} (internal topics with their coordinators' settings),
 * at most one creation per topic at a time, and without waiting. The Metadata answer for such a topic is
 * {@code UNKNOWN_TOPIC_OR_PARTITION}, or {@code INVALID_TOPIC_EXCEPTION} for an illegal name; the client asks again and
 * finds the topic once the creation has committed.
 *
 * <p>Thread-safe: called from any I/O thread; creations complete on the metadata store's thread.
 */
final class TopicAutoCreator {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAutoCreator.class);

    private final MetadataStore metadata;
    private final BrokerConfig config;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    TopicAutoCreator(MetadataStore metadata, BrokerConfig config) {
        this.metadata = metadata;
        this.config = config;
    }

    /** Starts creating {@code topic} unless its name is illegal or it is already being created; returns its error. */
    ErrorCode create(String topic) {
        if (topic == null || TopicNames.invalidReason(topic).isPresent()) {
            return ErrorCode.INVALID_TOPIC_EXCEPTION;
        }
        NewTopic spec;
        if (InternalTopics.isInternal(topic) || InternalTopics.CLUSTER_METADATA.equals(topic)) {
            spec = InternalTopics.creationSpec(topic, config).orElse(null);
        } else {
            spec = new NewTopic(topic, config.numPartitions(), (short) config.defaultReplicationFactor(), Map.of(),
                    Map.of());
        }
        if (spec != null && inFlight.add(topic)) {
            try {
                metadata.createTopics(List.of(spec), false).whenComplete((results, failure) -> {
                    inFlight.remove(topic);
                    logOutcome(topic, results == null ? null : results.get(topic), failure);
                });
            } catch (RuntimeException e) {
                inFlight.remove(topic);
                LOG.warn("Auto-creation of topic {} failed", topic, e);
            }
        }
        return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    }

    private static void logOutcome(String topic, CreateTopicResult result, Throwable failure) {
        if (failure != null) {
            LOG.warn("Auto-creation of topic {} failed", topic, failure);
        } else if (result != null && !result.isOk() && result.error() != ErrorCode.TOPIC_ALREADY_EXISTS) {
            LOG.info("Auto-creation of topic {} failed: {} {}", topic, result.error(), result.message());
        } else {
            LOG.debug("Auto-created topic {}", topic);
        }
    }
}
