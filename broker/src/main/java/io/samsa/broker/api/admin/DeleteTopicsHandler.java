package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataResult;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DeleteTopicsRequest;
import io.samsa.protocol.message.DeleteTopicsRequest.DeleteTopicState;
import io.samsa.protocol.message.DeleteTopicsResponse;
import io.samsa.protocol.message.DeleteTopicsResponse.DeletableTopicResult;
import io.samsa.protocol.wire.Wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteTopics (key 20), v1–6: by name, and from v6 by topic id (KIP-516). Resolves names and ids against the image
 * with Kafka's controller rules (duplicates, name and id together, a name that maps to an id also given), then deletes
 * by id through the metadata store. An unknown name is UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID;
 * with {@code delete.topic.enable=false} every topic gets TOPIC_DELETION_DISABLED (INVALID_REQUEST before v3, as in
 * Kafka). The answer waits until the local image no longer shows the topics. A {@code timeout_ms} of 0 or less has
 * expired before the controller could act: every topic gets REQUEST_TIMED_OUT and nothing is deleted, as in Kafka 4.
 */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequest, DeleteTopicsResponse> {
    private static final UUID ZERO = Wire.ZERO_UUID;

    private final MetadataStore metadata;
    private final boolean deleteTopicEnable;

    DeleteTopicsHandler(MetadataStore metadata, boolean deleteTopicEnable) {
        this.metadata = metadata;
        this.deleteTopicEnable = deleteTopicEnable;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_TOPICS;
    }

    /** The names and ids a request gave, sorted out as Kafka's ControllerApis does. */
    private static final class Requested {
        final Set<String> names = new LinkedHashSet<>();
        final Set<String> duplicateNames = new LinkedHashSet<>();
        final Set<UUID> ids = new LinkedHashSet<>();
        final Set<UUID> duplicateIds = new LinkedHashSet<>();
        final List<DeletableTopicResult> results = new ArrayList<>();

        void addName(String name) {
            if (duplicateNames.contains(name) || !names.add(name)) {
                duplicateNames.add(name);
                names.remove(name);
            }
        }

        void addId(UUID id) {
            if (duplicateIds.contains(id) || !ids.add(id)) {
                duplicateIds.add(id);
                ids.remove(id);
            }
        }

        void result(String name, UUID id, ErrorCode error, String message) {
            results.add(new DeletableTopicResult().setName(name).setTopicId(id).setErrorCode(error.code())
                    .setErrorMessage(message));
        }
    }

    @Override
    public CompletableFuture<DeleteTopicsResponse> handle(RequestContext ctx, DeleteTopicsRequest request) {
        if (!deleteTopicEnable) {
            return CompletableFuture.completedFuture(errorResponse(ctx, request,
                    ctx.apiVersion() < 3 ? ErrorCode.INVALID_REQUEST : ErrorCode.TOPIC_DELETION_DISABLED));
        }
        if (request.timeoutMs() <= 0) {
            return CompletableFuture.completedFuture(errorResponse(ctx, request, ErrorCode.REQUEST_TIMED_OUT));
        }
        Requested requested = sortOut(ctx.apiVersion(), request);
        MetadataImage image = metadata.image();
        Map<UUID, String> toDelete = new LinkedHashMap<>();
        for (UUID id : requested.ids) {
            Optional<TopicImage> topic = image.topic(id);
            if (topic.isPresent()) {
                toDelete.put(id, topic.get().name());
            } else {
                requested.result(null, id, ErrorCode.UNKNOWN_TOPIC_ID, ErrorCode.UNKNOWN_TOPIC_ID.message());
            }
        }
        for (String name : requested.names) {
            Optional<TopicImage> topic = image.topic(name);
            if (topic.isEmpty()) {
                requested.result(name, ZERO, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.message());
                continue;
            }
            UUID id = topic.get().topicId();
            if (requested.duplicateIds.contains(id) || toDelete.put(id, name) != null) {
                requested.duplicateIds.add(id);
                toDelete.remove(id);
                requested.result(name, id, ErrorCode.INVALID_REQUEST,
                        "The provided topic name maps to an ID that was already supplied.");
            }
        }
        return metadata.deleteTopicsById(new ArrayList<>(toDelete.keySet())).thenApply(results -> {
            for (Map.Entry<UUID, MetadataResult> e : results.entrySet()) {
                requested.result(toDelete.get(e.getKey()), e.getKey(), e.getValue().error(), e.getValue().message());
            }
            return new DeleteTopicsResponse().setResponses(requested.results);
        });
    }

    private static Requested sortOut(short version, DeleteTopicsRequest request) {
        Requested requested = new Requested();
        if (version < 6) {
            request.topicNames().forEach(requested::addName);
        } else {
            // KIP-516: from v6 each topic is a name or an id, never both.
            for (DeleteTopicState topic : request.topics()) {
                UUID id = topic.topicId() == null ? ZERO : topic.topicId();
                if (topic.name() == null && ZERO.equals(id)) {
                    requested.result(null, ZERO, ErrorCode.INVALID_REQUEST,
                            "Neither topic name nor id were specified.");
                } else if (topic.name() == null) {
                    requested.addId(id);
                } else if (ZERO.equals(id)) {
                    requested.addName(topic.name());
                } else {
                    requested.result(topic.name(), id, ErrorCode.INVALID_REQUEST,
                            "You may not specify both topic name and topic id.");
                }
            }
        }
        requested.duplicateNames.forEach(n -> requested.result(n, ZERO, ErrorCode.INVALID_REQUEST,
                "Duplicate topic name."));
        requested.duplicateIds.forEach(id -> requested.result(null, id, ErrorCode.INVALID_REQUEST,
                "Duplicate topic id."));
        return requested;
    }

    @Override
    public DeleteTopicsResponse errorResponse(RequestContext ctx, DeleteTopicsRequest request, ErrorCode error) {
        DeleteTopicsResponse response = new DeleteTopicsResponse();
        if (ctx.apiVersion() < 6) {
            for (String name : request.topicNames()) {
                response.responses().add(new DeletableTopicResult().setName(name).setErrorCode(error.code()));
            }
        } else {
            for (DeleteTopicState topic : request.topics()) {
                response.responses().add(new DeletableTopicResult().setName(topic.name())
                        .setTopicId(topic.topicId()).setErrorCode(error.code()));
            }
        }
        return response;
    }
}
