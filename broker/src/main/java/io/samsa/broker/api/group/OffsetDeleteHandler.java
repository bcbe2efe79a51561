package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.group.OffsetDeleteResult;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.OffsetDeleteRequest;
import io.samsa.protocol.message.OffsetDeleteRequest.OffsetDeleteRequestPartition;
import io.samsa.protocol.message.OffsetDeleteRequest.OffsetDeleteRequestTopic;
import io.samsa.protocol.message.OffsetDeleteResponse;
import io.samsa.protocol.message.OffsetDeleteResponse.OffsetDeleteResponsePartition;
import io.samsa.protocol.message.OffsetDeleteResponse.OffsetDeleteResponseTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetDelete (key 47), v0: deletes a group's offsets of some partitions; not those of topics a live consumer
 * group still subscribes to ({@code GROUP_SUBSCRIBED_TO_TOPIC}). Unknown topics are
 * {@code UNKNOWN_TOPIC_OR_PARTITION}, as in Kafka.
 */
public final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequest, OffsetDeleteResponse> {
    private final GroupCoordinator groups;
    private final MetadataStore metadata;

    public OffsetDeleteHandler(GroupCoordinator groups, MetadataStore metadata) {
        this.groups = groups;
        this.metadata = metadata;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_DELETE;
    }

    @Override
    public CompletableFuture<OffsetDeleteResponse> handle(RequestContext ctx, OffsetDeleteRequest request) {
        MetadataImage image = metadata.image();
        List<TopicPartition> known = new ArrayList<>();
        for (OffsetDeleteRequestTopic topic : request.topics()) {
            TopicImage t = image.topic(topic.name()).orElse(null);
            for (OffsetDeleteRequestPartition p : topic.partitions()) {
                if (t != null && t.partition(p.partitionIndex()).isPresent()) {
                    known.add(new TopicPartition(topic.name(), p.partitionIndex()));
                }
            }
        }
        return groups.deleteOffsets(request.groupId(), known).thenApply(result -> response(request, result));
    }

    private static OffsetDeleteResponse response(OffsetDeleteRequest request, OffsetDeleteResult result) {
        if (result.error() != ErrorCode.NONE) {
            return new OffsetDeleteResponse().setErrorCode(result.error().code());
        }
        OffsetDeleteResponse response = new OffsetDeleteResponse();
        for (OffsetDeleteRequestTopic topic : request.topics()) {
            OffsetDeleteResponseTopic out = new OffsetDeleteResponseTopic().setName(topic.name());
            for (OffsetDeleteRequestPartition p : topic.partitions()) {
                ErrorCode error = p.partitionIndex() < 0 ? null
                        : result.partitions().get(new TopicPartition(topic.name(), p.partitionIndex()));
                out.partitions().add(new OffsetDeleteResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode((error == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : error).code()));
            }
            response.topics().add(out);
        }
        return response;
    }

    @Override
    public OffsetDeleteResponse errorResponse(RequestContext ctx, OffsetDeleteRequest request, ErrorCode error) {
        return new OffsetDeleteResponse().setErrorCode(error.code());
    }
}
