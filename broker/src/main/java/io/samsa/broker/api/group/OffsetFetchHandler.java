package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.group.OffsetAndMetadata;
import io.samsa.broker.group.OffsetFetchResult;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.OffsetFetchRequest;
import io.samsa.protocol.message.OffsetFetchRequest.OffsetFetchRequestGroup;
import io.samsa.protocol.message.OffsetFetchRequest.OffsetFetchRequestTopic;
import io.samsa.protocol.message.OffsetFetchRequest.OffsetFetchRequestTopics;
import io.samsa.protocol.message.OffsetFetchResponse;
import io.samsa.protocol.message.OffsetFetchResponse.OffsetFetchResponseGroup;
import io.samsa.protocol.message.OffsetFetchResponse.OffsetFetchResponsePartition;
import io.samsa.protocol.message.OffsetFetchResponse.OffsetFetchResponsePartitions;
import io.samsa.protocol.message.OffsetFetchResponse.OffsetFetchResponseTopic;
import io.samsa.protocol.message.OffsetFetchResponse.OffsetFetchResponseTopics;
import io.samsa.protocol.wire.Wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetFetch (key 9), v1–10: one group before v8, several from v8 (KIP-709), topics by id from v10. A null topic
 * list asks for every committed offset of the group (v2+). A partition without a committed offset answers offset
 * -1 and metadata "". {@code require_stable} (v7+) waits for pending transactional offsets, of which there are none
 * without transactions, so it never yields {@code UNSTABLE_OFFSET_COMMIT}.
 */
public final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequest, OffsetFetchResponse> {
    private final GroupCoordinator groups;
    private final MetadataStore metadata;

    public OffsetFetchHandler(GroupCoordinator groups, MetadataStore metadata) {
        this.groups = groups;
        this.metadata = metadata;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_FETCH;
    }

    /** What one group asks for: partitions by name, or null for all; ids of v10 topics the metadata lacks. */
    private record Query(String groupId, List<TopicPartition> partitions, Map<UUID, List<Integer>> unknownIds) {
    }

    @Override
    public CompletableFuture<OffsetFetchResponse> handle(RequestContext ctx, OffsetFetchRequest request) {
        short version = ctx.apiVersion();
        MetadataImage image = metadata.image();
        if (version < 8) {
            Query query = legacyQuery(request);
            return groups.fetchOffsets(query.groupId(), query.partitions())
                    .thenApply(result -> legacyResponse(query, result, version));
        }
        List<Query> queries = new ArrayList<>();
        List<CompletableFuture<OffsetFetchResult>> results = new ArrayList<>();
        for (OffsetFetchRequestGroup group : request.groups()) {
            Query query = query(image, group, version);
            queries.add(query);
            results.add(groups.fetchOffsets(query.groupId(), query.partitions()));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
            OffsetFetchResponse response = new OffsetFetchResponse();
            for (int i = 0; i < queries.size(); i++) {
                response.groups().add(group(image, queries.get(i), results.get(i).join(), version));
            }
            return response;
        });
    }

    private static Query legacyQuery(OffsetFetchRequest request) {
        if (request.topics() == null) {
            return new Query(request.groupId(), null, Map.of());
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (OffsetFetchRequestTopic topic : request.topics()) {
            topic.partitionIndexes().forEach(p -> partitions.add(new TopicPartition(topic.name(), p)));
        }
        return new Query(request.groupId(), partitions, Map.of());
    }

    private static Query query(MetadataImage image, OffsetFetchRequestGroup group, short version) {
        if (group.topics() == null) {
            return new Query(group.groupId(), null, Map.of());
        }
        List<TopicPartition> partitions = new ArrayList<>();
        Map<UUID, List<Integer>> unknownIds = new LinkedHashMap<>();
        for (OffsetFetchRequestTopics topic : group.topics()) {
            String name = version >= 10 ? image.topic(topic.topicId()).map(TopicImage::name).orElse(null)
                    : topic.name();
            if (name == null) {
                unknownIds.put(topic.topicId(), topic.partitionIndexes());
            } else {
                topic.partitionIndexes().forEach(p -> partitions.add(new TopicPartition(name, p)));
            }
        }
        return new Query(group.groupId(), partitions, unknownIds);
    }

    private static OffsetFetchResponse legacyResponse(Query query, OffsetFetchResult result, short version) {
        OffsetFetchResponse response = new OffsetFetchResponse();
        if (result.error() != ErrorCode.NONE && version >= 2) {
            return response.setErrorCode(result.error().code());
        }
        Map<String, OffsetFetchResponseTopic> topics = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = offsets(query, result);
        offsets.forEach((tp, offset) -> topics.computeIfAbsent(tp.topic(),
                name -> new OffsetFetchResponseTopic().setName(name)).partitions().add(
                new OffsetFetchResponsePartition().setPartitionIndex(tp.partition())
                        .setCommittedOffset(offset == null ? -1L : offset.offset())
                        .setCommittedLeaderEpoch(offset == null ? -1 : offset.leaderEpoch())
                        .setMetadata(offset == null ? "" : offset.metadata())
                        .setErrorCode(result.error().code())));
        return response.setTopics(new ArrayList<>(topics.values()));
    }

    private static OffsetFetchResponseGroup group(MetadataImage image, Query query, OffsetFetchResult result,
                                                  short version) {
        OffsetFetchResponseGroup group = new OffsetFetchResponseGroup().setGroupId(query.groupId());
        if (result.error() != ErrorCode.NONE) {
            return group.setErrorCode(result.error().code());
        }
        Map<String, OffsetFetchResponseTopics> topics = new LinkedHashMap<>();
        offsets(query, result).forEach((tp, offset) -> {
            UUID topicId = version >= 10 ? image.topic(tp.topic()).map(TopicImage::topicId).orElse(null) : null;
            if (version >= 10 && topicId == null) {
                return;   // a deleted topic's offset: it cannot be named by id
            }
            topics.computeIfAbsent(tp.topic(), name -> new OffsetFetchResponseTopics().setName(name)
                    .setTopicId(topicId == null ? Wire.ZERO_UUID : topicId)).partitions().add(partition(
                    tp.partition(), offset, ErrorCode.NONE));
        });
        List<OffsetFetchResponseTopics> out = new ArrayList<>(topics.values());
        query.unknownIds().forEach((id, partitions) -> {
            OffsetFetchResponseTopics topic = new OffsetFetchResponseTopics().setTopicId(id);
            partitions.forEach(p -> topic.partitions().add(partition(p, null, ErrorCode.UNKNOWN_TOPIC_ID)));
            out.add(topic);
        });
        return group.setTopics(out);
    }

    private static OffsetFetchResponsePartitions partition(int index, OffsetAndMetadata offset, ErrorCode error) {
        return new OffsetFetchResponsePartitions().setPartitionIndex(index)
                .setCommittedOffset(offset == null ? -1L : offset.offset())
                .setCommittedLeaderEpoch(offset == null ? -1 : offset.leaderEpoch())
                .setMetadata(offset == null ? "" : offset.metadata()).setErrorCode(error.code());
    }

    /** The requested partitions (with null for no offset), or every committed one sorted by topic and partition. */
    private static Map<TopicPartition, OffsetAndMetadata> offsets(Query query, OffsetFetchResult result) {
        if (query.partitions() != null) {
            Map<TopicPartition, OffsetAndMetadata> requested = new LinkedHashMap<>();
            query.partitions().forEach(tp -> requested.put(tp, result.offsets().get(tp)));
            return requested;
        }
        Map<TopicPartition, OffsetAndMetadata> all = new LinkedHashMap<>();
        result.offsets().entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> a.topic().equals(b.topic())
                        ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic())))
                .forEach(e -> all.put(e.getKey(), e.getValue()));
        return all;
    }

    @Override
    public OffsetFetchResponse errorResponse(RequestContext ctx, OffsetFetchRequest request, ErrorCode error) {
        short version = ctx.apiVersion();
        if (version < 8) {
            return legacyResponse(legacyQuery(request), OffsetFetchResult.error(error), version);
        }
        OffsetFetchResponse response = new OffsetFetchResponse();
        request.groups().forEach(g -> response.groups().add(new OffsetFetchResponseGroup().setGroupId(g.groupId())
                .setErrorCode(error.code())));
        return response;
    }
}
