package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.CreateTopicResult;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.NewTopic;
import io.samsa.broker.metadata.TopicNames;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.CreateTopicsRequest;
import io.samsa.protocol.message.CreateTopicsRequest.CreatableReplicaAssignment;
import io.samsa.protocol.message.CreateTopicsRequest.CreatableTopic;
import io.samsa.protocol.message.CreateTopicsRequest.CreatableTopicConfig;
import io.samsa.protocol.message.CreateTopicsResponse;
import io.samsa.protocol.message.CreateTopicsResponse.CreatableTopicConfigs;
import io.samsa.protocol.message.CreateTopicsResponse.CreatableTopicResult;
import io.samsa.protocol.wire.Wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics (key 19), v2–7: partition count and replication factor (-1 for {@code num.partitions} and
 * {@code default.replication.factor}) or an explicit assignment, topic configs, validate-only. Placement and the
 * authoritative checks are the metadata store's; this handler adds Kafka's request-level checks (duplicate names, the
 * reserved {@code __cluster_metadata}, null config values, assignment together with counts). From v5 a created topic's
 * answer carries its id, partition count, replication factor and configs as they now are.
 *
 * <p>As in Kafka 4, a {@code timeout_ms} of 0 or less has expired before the controller could act: every topic gets
 * REQUEST_TIMED_OUT and nothing is created. The answer is sent only once the local metadata image shows the new
 * topics, so a Metadata request that follows sees their leaders. Waiting is future composition on the metadata
 * store's thread; no thread parks.
 */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequest, CreateTopicsResponse> {
    private final MetadataStore metadata;
    private final TopicConfigs topicConfigs;

    CreateTopicsHandler(MetadataStore metadata, ConfigSynonyms synonyms) {
        this.metadata = metadata;
        this.topicConfigs = new TopicConfigs(synonyms);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPICS;
    }

    @Override
    public CompletableFuture<CreateTopicsResponse> handle(RequestContext ctx, CreateTopicsRequest request) {
        if (request.timeoutMs() <= 0) {
            return CompletableFuture.completedFuture(errorResponse(ctx, request, ErrorCode.REQUEST_TIMED_OUT));
        }
        MetadataImage image = metadata.image();
        Map<String, Integer> counts = new HashMap<>();
        request.topics().forEach(t -> counts.merge(t.name(), 1, Integer::sum));
        Map<String, CreatableTopicResult> rejected = new LinkedHashMap<>();
        Map<String, Map<String, String>> configsByTopic = new HashMap<>();
        List<NewTopic> toCreate = new ArrayList<>();
        for (CreatableTopic topic : request.topics()) {
            String name = topic.name();
            if (counts.get(name) > 1) {
                rejected.put(name, failure(name, ErrorCode.INVALID_REQUEST, "Duplicate topic name."));
            } else if (InternalTopics.CLUSTER_METADATA.equals(name)) {
                rejected.put(name, failure(name, ErrorCode.INVALID_REQUEST,
                        "Creation of internal topic " + name + " is prohibited."));
            } else {
                CreatableTopicResult invalid = requestError(image, topic);
                if (invalid != null) {
                    rejected.put(name, invalid);
                } else {
                    NewTopic newTopic = newTopic(topic);
                    configsByTopic.put(name, newTopic.configs());
                    toCreate.add(newTopic);
                }
            }
        }
        return metadata.createTopics(toCreate, request.validateOnly()).thenApply(results -> {
            CreateTopicsResponse response = new CreateTopicsResponse();
            for (String name : new LinkedHashSet<>(request.topics().stream().map(CreatableTopic::name).toList())) {
                CreatableTopicResult result = rejected.get(name);
                if (result == null) {
                    result = toWire(ctx.apiVersion(), name, results.get(name), configsByTopic.get(name),
                            request.validateOnly());
                }
                response.topics().add(result);
            }
            return response;
        });
    }

    /**
     * Kafka's checks before placement, in Kafka's order, for a topic whose name is legal and new (otherwise the store
     * reports the name). Null when the topic may go to the store.
     */
    private static CreatableTopicResult requestError(MetadataImage image, CreatableTopic topic) {
        String name = topic.name();
        if (TopicNames.invalidReason(name).isPresent() || image.topic(name).isPresent()) {
            return null;
        }
        List<String> nullValues = topic.configs().stream().filter(c -> c.value() == null)
                .map(CreatableTopicConfig::name).toList();
        if (!nullValues.isEmpty()) {
            return failure(name, ErrorCode.INVALID_CONFIG, "Null value not supported for topic configs: "
                    + String.join(",", nullValues));
        }
        if (topic.assignments().isEmpty()) {
            return null;
        }
        if (topic.replicationFactor() != -1) {
            return failure(name, ErrorCode.INVALID_REQUEST, "A manual partition assignment was specified, but "
                    + "replication factor was not set to -1.");
        }
        if (topic.numPartitions() != -1) {
            return failure(name, ErrorCode.INVALID_REQUEST, "A manual partition assignment was specified, but "
                    + "numPartitions was not set to -1.");
        }
        Map<Integer, Boolean> seen = new HashMap<>();
        for (CreatableReplicaAssignment assignment : topic.assignments()) {
            if (seen.put(assignment.partitionIndex(), true) != null) {
                return failure(name, ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                        "Found multiple manual partition assignments for partition " + assignment.partitionIndex());
            }
        }
        return null;
    }

    private static NewTopic newTopic(CreatableTopic topic) {
        Map<Integer, List<Integer>> assignments = new HashMap<>();
        for (CreatableReplicaAssignment assignment : topic.assignments()) {
            assignments.put(assignment.partitionIndex(), List.copyOf(assignment.brokerIds()));
        }
        Map<String, String> configs = new HashMap<>();
        topic.configs().forEach(c -> configs.put(c.name(), c.value()));
        return new NewTopic(topic.name(), topic.numPartitions(), topic.replicationFactor(), assignments, configs);
    }

    private CreatableTopicResult toWire(short version, String name, CreateTopicResult created,
                                        Map<String, String> configs, boolean validateOnly) {
        if (!created.isOk()) {
            return failure(name, created.error(), created.message());
        }
        // Kafka answers validate-only with the id the topic would have had.
        UUID topicId = created.topicId() != null ? created.topicId() : validateOnly ? UUID.randomUUID()
                : Wire.ZERO_UUID;
        CreatableTopicResult result = new CreatableTopicResult().setName(name).setTopicId(topicId)
                .setErrorCode(ErrorCode.NONE.code()).setErrorMessage(null);
        if (version >= 5) {
            // KIP-525: from v5 the answer describes the topic as created.
            result.setNumPartitions(created.numPartitions())
                    .setReplicationFactor((short) created.replicationFactor())
                    .setTopicConfigErrorCode(ErrorCode.NONE.code());
            for (DescribedConfig config : topicConfigs.effective(metadata.image(), configs)) {
                result.configs().add(new CreatableTopicConfigs().setName(config.name()).setValue(config.value())
                        .setReadOnly(config.readOnly()).setConfigSource(config.source().id())
                        .setIsSensitive(config.sensitive()));
            }
        }
        return result;
    }

    private static CreatableTopicResult failure(String name, ErrorCode error, String message) {
        return new CreatableTopicResult().setName(name).setErrorCode(error.code()).setErrorMessage(message);
    }

    @Override
    public CreateTopicsResponse errorResponse(RequestContext ctx, CreateTopicsRequest request, ErrorCode error) {
        CreateTopicsResponse response = new CreateTopicsResponse();
        for (CreatableTopic topic : request.topics()) {
            response.topics().add(failure(topic.name(), error, null));
        }
        return response;
    }
}
