package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.metadata.TopicNames;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeTopicPartitionsRequest;
import io.samsa.protocol.message.DescribeTopicPartitionsRequest.TopicRequest;
import io.samsa.protocol.message.DescribeTopicPartitionsResponse;
import io.samsa.protocol.message.DescribeTopicPartitionsResponse.Cursor;
import io.samsa.protocol.message.DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponsePartition;
import io.samsa.protocol.message.DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponseTopic;
import io.samsa.protocol.wire.Wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeTopicPartitions (key 75), v0 (KIP-966), which Admin 3.8+ uses for describeTopics: topics in name order from
 * the request's cursor, at most {@code response_partition_limit} partitions (capped at Kafka's
 * {@code max.request.partition.size.limit} of 2000), and a next cursor naming the first partition left out. When the
 * request lists no topics, all topics are described and unknown ones cannot occur; named unknown topics are
 * UNKNOWN_TOPIC_OR_PARTITION (INVALID_TOPIC_EXCEPTION for illegal names). Samsa has no eligible leader replicas, so
 * those lists are empty. Reads one image; never waits.
 */
public final class DescribeTopicPartitionsHandler
        implements ApiHandler<DescribeTopicPartitionsRequest, DescribeTopicPartitionsResponse> {
    /** Kafka's default {@code max.request.partition.size.limit}. */
    static final int MAX_PARTITIONS_PER_RESPONSE = 2000;

    private final MetadataStore metadata;

    DescribeTopicPartitionsHandler(MetadataStore metadata) {
        this.metadata = metadata;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_TOPIC_PARTITIONS;
    }

    @Override
    public CompletableFuture<DescribeTopicPartitionsResponse> handle(RequestContext ctx,
                                                                     DescribeTopicPartitionsRequest request) {
        ClusterView cluster = new ClusterView(metadata.image(), ctx.listenerName());
        boolean allTopics = request.topics().isEmpty();
        DescribeTopicPartitionsRequest.Cursor cursor = request.cursor();
        TreeSet<String> names = new TreeSet<>();
        if (allTopics) {
            cluster.topicsByName().forEach(t -> names.add(t.name()));
        } else {
            request.topics().stream().map(TopicRequest::name).filter(n -> n != null).forEach(names::add);
        }
        if (cursor != null && (!allTopics && !names.contains(cursor.topicName()) || cursor.partitionIndex() < 0)) {
            return CompletableFuture.completedFuture(errorResponse(ctx, request, ErrorCode.INVALID_REQUEST));
        }
        int limit = Math.max(Math.min(MAX_PARTITIONS_PER_RESPONSE, request.responsePartitionLimit()), 1);
        DescribeTopicPartitionsResponse response = page(cluster, names, allTopics, cursor, limit);
        return CompletableFuture.completedFuture(response);
    }

    /** Kafka's {@code describeTopicResponse}: topics from the cursor on until {@code limit} partitions are listed. */
    private static DescribeTopicPartitionsResponse page(ClusterView cluster, TreeSet<String> names, boolean allTopics,
                                                        DescribeTopicPartitionsRequest.Cursor cursor, int limit) {
        String startTopic = cursor == null ? "" : cursor.topicName();
        DescribeTopicPartitionsResponse response = new DescribeTopicPartitionsResponse();
        int remaining = limit;
        for (String name : names.tailSet(startTopic, true)) {
            if (remaining == 0) {
                // The page is full: the next one starts at this topic's first partition.
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(0));
                break;
            }
            Optional<TopicImage> topic = cluster.image().topic(name);
            if (topic.isEmpty()) {
                if (!allTopics) {
                    response.topics().add(unknown(name));
                }
                continue;
            }
            int first = cursor != null && name.equals(startTopic) ? cursor.partitionIndex() : 0;
            int end = Math.min(topic.get().numPartitions(), first + remaining);
            response.topics().add(described(cluster, topic.get(), first, end));
            if (end < topic.get().numPartitions()) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(end));
                break;
            }
            remaining -= Math.max(0, end - first);
        }
        return response;
    }

    private static DescribeTopicPartitionsResponseTopic described(ClusterView cluster, TopicImage topic, int first,
                                                                  int end) {
        List<DescribeTopicPartitionsResponsePartition> partitions = new ArrayList<>();
        for (int p = first; p < end; p++) {
            ClusterView.PartitionState state = cluster.partition(topic.partitions().get(p), false, true);
            partitions.add(new DescribeTopicPartitionsResponsePartition()
                    .setPartitionIndex(p)
                    .setLeaderId(state.leaderId())
                    .setLeaderEpoch(state.leaderEpoch())
                    .setReplicaNodes(new ArrayList<>(state.replicas()))
                    .setIsrNodes(new ArrayList<>(state.isr()))
                    .setEligibleLeaderReplicas(new ArrayList<>())
                    .setLastKnownElr(new ArrayList<>())
                    .setOfflineReplicas(new ArrayList<>(state.offlineReplicas())));
        }
        return new DescribeTopicPartitionsResponseTopic().setErrorCode(ErrorCode.NONE.code()).setName(topic.name())
                .setTopicId(topic.topicId()).setIsInternal(InternalTopics.isInternal(topic.name()))
                .setPartitions(partitions).setTopicAuthorizedOperations(AuthorizedOperations.ALL_TOPIC);
    }

    private static DescribeTopicPartitionsResponseTopic unknown(String name) {
        ErrorCode error = TopicNames.invalidReason(name).isPresent() ? ErrorCode.INVALID_TOPIC_EXCEPTION
                : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        return new DescribeTopicPartitionsResponseTopic().setErrorCode(error.code()).setName(name)
                .setTopicId(Wire.ZERO_UUID).setIsInternal(InternalTopics.isInternal(name))
                .setPartitions(new ArrayList<>()).setTopicAuthorizedOperations(AuthorizedOperations.ALL_TOPIC);
    }

    @Override
    public DescribeTopicPartitionsResponse errorResponse(RequestContext ctx, DescribeTopicPartitionsRequest request,
                                                         ErrorCode error) {
        DescribeTopicPartitionsResponse response = new DescribeTopicPartitionsResponse();
        for (TopicRequest topic : request.topics()) {
            response.topics().add(new DescribeTopicPartitionsResponseTopic().setName(topic.name())
                    .setErrorCode(error.code()).setIsInternal(false).setPartitions(new ArrayList<>()));
        }
        return response;
    }
}
