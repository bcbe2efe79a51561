package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.metadata.TopicNames;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.MetadataRequest;
import io.samsa.protocol.message.MetadataRequest.MetadataRequestTopic;
import io.samsa.protocol.message.MetadataResponse;
import io.samsa.protocol.message.MetadataResponse.MetadataResponseBroker;
import io.samsa.protocol.message.MetadataResponse.MetadataResponsePartition;
import io.samsa.protocol.message.MetadataResponse.MetadataResponseTopic;
import io.samsa.protocol.wire.Wire;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata (key 3), v0–13: brokers on the request's listener, the cluster id, a live controller id and the topics asked
 * for (all of them when the list is null, or empty at v0), by name or, from v12, by topic id. Unknown topics are
 * auto-created when the broker and the request allow it ({@link TopicAutoCreator}).
 *
 * <p>The controller id is this broker: in KRaft any live broker takes admin requests and forwards them, and here any
 * broker submits them to the metadata log itself. Reads one image; never waits.
 */
public final class MetadataHandler implements ApiHandler<MetadataRequest, MetadataResponse> {
    private static final UUID ZERO = Wire.ZERO_UUID;

    private final MetadataStore metadata;
    private final int nodeId;
    private final boolean autoCreateTopics;
    private final TopicAutoCreator autoCreator;

    MetadataHandler(MetadataStore metadata, int nodeId, boolean autoCreateTopics, TopicAutoCreator autoCreator) {
        this.metadata = metadata;
        this.nodeId = nodeId;
        this.autoCreateTopics = autoCreateTopics;
        this.autoCreator = autoCreator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public CompletableFuture<MetadataResponse> handle(RequestContext ctx, MetadataRequest request) {
        short version = ctx.apiVersion();
        boolean allTopics = request.topics() == null || (version == 0 && request.topics().isEmpty());
        if (!allTopics && version < 12) {
            // KIP-516: topic ids in Metadata requests only from v12; before that every topic has a name.
            for (MetadataRequestTopic topic : request.topics()) {
                if (topic.name() == null || !ZERO.equals(orZero(topic.topicId()))) {
                    return CompletableFuture.completedFuture(errorResponse(ctx, request, ErrorCode.INVALID_REQUEST));
                }
            }
        }
        ClusterView cluster = new ClusterView(metadata.image(), ctx.listenerName());
        MetadataResponse response = new MetadataResponse()
                .setClusterId(cluster.image().clusterId())
                .setControllerId(nodeId);
        for (ClusterView.Node node : cluster.brokers()) {
            response.brokers().add(new MetadataResponseBroker().setNodeId(node.id()).setHost(node.host())
                    .setPort(node.port()).setRack(node.rack()));
        }
        response.setTopics(topics(cluster, request, allTopics, version));
        if (version >= 8 && version <= 10 && request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(AuthorizedOperations.ALL_CLUSTER);
        }
        return CompletableFuture.completedFuture(response);
    }

    private List<MetadataResponseTopic> topics(ClusterView cluster, MetadataRequest request, boolean allTopics,
                                               short version) {
        List<MetadataResponseTopic> topics = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<UUID> ids = allTopics ? Set.of() : requestedIds(request);
        if (allTopics) {
            cluster.topicsByName().forEach(t -> names.add(t.name()));
        } else if (!ids.isEmpty()) {
            // KIP-516: when ids are given, names in the request are ignored.
            for (UUID id : ids) {
                Optional<TopicImage> topic = cluster.image().topic(id);
                if (topic.isPresent()) {
                    names.add(topic.get().name());
                } else {
                    topics.add(new MetadataResponseTopic().setErrorCode(ErrorCode.UNKNOWN_TOPIC_ID.code())
                            .setName(null).setTopicId(id).setPartitions(new ArrayList<>()));
                }
            }
        } else {
            request.topics().forEach(t -> names.add(t.name()));
        }
        boolean autoCreate = autoCreateTopics && request.allowAutoTopicCreation() && !allTopics;
        for (String name : new LinkedHashSet<>(names)) {
            MetadataResponseTopic topic = cluster.image().topic(name == null ? "" : name)
                    .map(t -> existing(cluster, t, version))
                    .orElseGet(() -> missing(name, autoCreate));
            if (version >= 8 && request.includeTopicAuthorizedOperations()) {
                topic.setTopicAuthorizedOperations(AuthorizedOperations.ALL_TOPIC);
            }
            topics.add(topic);
        }
        return topics;
    }

    private static Set<UUID> requestedIds(MetadataRequest request) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (MetadataRequestTopic topic : request.topics()) {
            if (!ZERO.equals(orZero(topic.topicId()))) {
                ids.add(topic.topicId());
            }
        }
        return ids;
    }

    private static MetadataResponseTopic existing(ClusterView cluster, TopicImage topic, short version) {
        List<MetadataResponsePartition> partitions = new ArrayList<>(topic.numPartitions());
        for (PartitionImage p : topic.partitions()) {
            // v0 reports only reachable replicas; from v6 a leader missing this listener is LISTENER_NOT_FOUND.
            ClusterView.PartitionState state = cluster.partition(p, version == 0, version >= 6);
            partitions.add(new MetadataResponsePartition()
                    .setErrorCode(state.error().code())
                    .setPartitionIndex(state.partition())
                    .setLeaderId(state.leaderId())
                    .setLeaderEpoch(state.leaderEpoch())
                    .setReplicaNodes(new ArrayList<>(state.replicas()))
                    .setIsrNodes(new ArrayList<>(state.isr()))
                    .setOfflineReplicas(new ArrayList<>(state.offlineReplicas())));
        }
        return new MetadataResponseTopic().setErrorCode(ErrorCode.NONE.code()).setName(topic.name())
                .setTopicId(topic.topicId()).setIsInternal(InternalTopics.isInternal(topic.name()))
                .setPartitions(partitions);
    }

    private MetadataResponseTopic missing(String name, boolean autoCreate) {
        ErrorCode error;
        if (autoCreate) {
            error = autoCreator.create(name);
        } else {
            error = name != null && TopicNames.invalidReason(name).isEmpty() ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                    : ErrorCode.INVALID_TOPIC_EXCEPTION;
        }
        return new MetadataResponseTopic().setErrorCode(error.code()).setName(name).setTopicId(ZERO)
                .setIsInternal(name != null && InternalTopics.isInternal(name)).setPartitions(new ArrayList<>());
    }

    private static UUID orZero(UUID id) {
        return id == null ? ZERO : id;
    }

    /**
     * Every topic of the request carries the error, with its id (a null name becomes {@code ""}), as Kafka's
     * getErrorResponse does.
     */
    @Override
    public MetadataResponse errorResponse(RequestContext ctx, MetadataRequest request, ErrorCode error) {
        MetadataResponse response = new MetadataResponse();
        if (request.topics() != null) {
            for (MetadataRequestTopic topic : request.topics()) {
                response.topics().add(new MetadataResponseTopic().setErrorCode(error.code())
                        .setName(topic.name() == null ? "" : topic.name()).setTopicId(orZero(topic.topicId()))
                        .setPartitions(new ArrayList<>()));
            }
        }
        return response;
    }
}
