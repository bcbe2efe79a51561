package io.samsa.broker.metadata;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The cluster metadata as of one metadata log offset: cluster id, brokers, topics, configs and the next free producer
 * id, plus the current controller (the metadata log's leader). Immutable; a {@link MetadataStateMachine} publishes a
 * whole new image for every committed record, so readers never see half a change. Handlers only read images.
 *
 * <p>Two images are equal when every field is, including {@link #offset()} and {@link #controllerId()}.
 */
public final class MetadataImage {

    /** {@link #controllerId()} when no leader is known. */
    public static final int NO_CONTROLLER = -1;

    /** The image before any record: offset 0, nothing known. */
    public static final MetadataImage EMPTY = new MetadataImage(0, null, NO_CONTROLLER, Map.of(), Map.of(), Map.of(),
            Map.of(), 0);

    private final long offset;
    private final String clusterId;
    private final int controllerId;
    private final Map<Integer, BrokerRegistration> brokers;
    private final Map<String, TopicImage> topicsByName;
    private final Map<UUID, TopicImage> topicsById;
    private final Map<ConfigResource, Map<String, String>> configs;
    private final long nextProducerId;

    MetadataImage(long offset, String clusterId, int controllerId, Map<Integer, BrokerRegistration> brokers,
                  Map<String, TopicImage> topicsByName, Map<UUID, TopicImage> topicsById,
                  Map<ConfigResource, Map<String, String>> configs, long nextProducerId) {
        this.offset = offset;
        this.clusterId = clusterId;
        this.controllerId = controllerId;
        this.brokers = Collections.unmodifiableMap(brokers);
        this.topicsByName = Collections.unmodifiableMap(topicsByName);
        this.topicsById = Collections.unmodifiableMap(topicsById);
        this.configs = Collections.unmodifiableMap(configs);
        this.nextProducerId = nextProducerId;
    }

    /** The metadata log index of the last record applied; grows with every record. */
    public long offset() {
        return offset;
    }

    /** The cluster id, or null before the first controller has written it. */
    public String clusterId() {
        return clusterId;
    }

    /** The node id of the metadata log's leader (Kafka's controller), or -1 when none is known. */
    public int controllerId() {
        return controllerId;
    }

    public Map<Integer, BrokerRegistration> brokers() {
        return brokers;
    }

    public Optional<BrokerRegistration> broker(int brokerId) {
        return Optional.ofNullable(brokers.get(brokerId));
    }

    public Optional<TopicImage> topic(String name) {
        return Optional.ofNullable(topicsByName.get(name));
    }

    public Optional<TopicImage> topic(UUID topicId) {
        return Optional.ofNullable(topicsById.get(topicId));
    }

    public Collection<TopicImage> topics() {
        return topicsByName.values();
    }

    /** Explicitly set configs of a resource (no defaults); empty when none. */
    public Map<String, String> configs(ConfigResource resource) {
        return configs.getOrDefault(resource, Map.of());
    }

    public Map<String, String> topicConfigs(String topic) {
        return configs(ConfigResource.topic(topic));
    }

    public Map<String, String> brokerConfigs(int brokerId) {
        return configs(ConfigResource.broker(brokerId));
    }

    /** Cluster-wide dynamic broker configs (the resource with the empty name). */
    public Map<String, String> clusterConfigs() {
        return configs(ConfigResource.clusterDefault());
    }

    Map<ConfigResource, Map<String, String>> allConfigs() {
        return configs;
    }

    /** The first producer id of the next block to hand out. */
    public long nextProducerIdBlock() {
        return nextProducerId;
    }

    MetadataImage withControllerId(int newControllerId) {
        return newControllerId == controllerId ? this : new MetadataImage(offset, clusterId, newControllerId, brokers,
                topicsByName, topicsById, configs, nextProducerId);
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetadataImage m && offset == m.offset && controllerId == m.controllerId
                && nextProducerId == m.nextProducerId && Objects.equals(clusterId, m.clusterId)
                && brokers.equals(m.brokers) && topicsByName.equals(m.topicsByName) && configs.equals(m.configs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, clusterId, controllerId, brokers, topicsByName, configs, nextProducerId);
    }

    @Override
    public String toString() {
        return "MetadataImage(offset=" + offset + ", clusterId=" + clusterId + ", controllerId=" + controllerId
                + ", brokers=" + brokers.keySet() + ", topics=" + topicsByName.keySet() + ", configs=" + configs
                + ", nextProducerId=" + nextProducerId + ")";
    }

    /** A mutable copy used by {@link RecordApplier} to build the next image; confined to the apply thread. */
    static final class Builder {
        private final MetadataImage base;
        private String clusterId;
        private Map<Integer, BrokerRegistration> brokers;
        private Map<String, TopicImage> topics;
        private Map<UUID, TopicImage> topicsById;
        private Map<ConfigResource, Map<String, String>> configs;
        private long nextProducerId;
        private boolean built;

        private Builder(MetadataImage base) {
            this.base = base;
            this.clusterId = base.clusterId;
            this.nextProducerId = base.nextProducerId;
        }

        Builder clusterId(String id) {
            clusterId = id;
            return this;
        }

        Builder putBroker(BrokerRegistration registration) {
            if (brokers == null) {
                brokers = new HashMap<>(base.brokers);
            }
            brokers.put(registration.brokerId(), registration);
            return this;
        }

        Builder putTopic(TopicImage topic) {
            copyTopics();
            topics.put(topic.name(), topic);
            topicsById.put(topic.topicId(), topic);
            return this;
        }

        /** Removes a topic and its configs. */
        Builder removeTopic(TopicImage topic) {
            copyTopics();
            topics.remove(topic.name());
            topicsById.remove(topic.topicId());
            return putConfigs(ConfigResource.topic(topic.name()), Map.of());
        }

        private void copyTopics() {
            if (topics == null) {
                topics = new HashMap<>(base.topicsByName);
                topicsById = new HashMap<>(base.topicsById);
            }
        }

        /** Replaces a resource's configs; an empty map removes the resource. */
        Builder putConfigs(ConfigResource resource, Map<String, String> values) {
            if (configs == null) {
                configs = new HashMap<>(base.configs);
            }
            if (values.isEmpty()) {
                configs.remove(resource);
            } else {
                configs.put(resource, Collections.unmodifiableMap(new HashMap<>(values)));
            }
            return this;
        }

        Builder nextProducerId(long next) {
            nextProducerId = next;
            return this;
        }

        MetadataImage build(long offset) {
            if (built) {
                throw new IllegalStateException("a builder makes one image; its maps now belong to that image");
            }
            built = true;
            return new MetadataImage(offset, clusterId, base.controllerId,
                    brokers != null ? brokers : base.brokers,
                    topics != null ? topics : base.topicsByName,
                    topicsById != null ? topicsById : base.topicsById,
                    configs != null ? configs : base.configs,
                    nextProducerId);
        }
    }
}
