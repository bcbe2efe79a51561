package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.CommitOffset;
import io.samsa.broker.group.Committer;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.OffsetCommitRequest;
import io.samsa.protocol.message.OffsetCommitRequest.OffsetCommitRequestPartition;
import io.samsa.protocol.message.OffsetCommitRequest.OffsetCommitRequestTopic;
import io.samsa.protocol.message.OffsetCommitResponse;
import io.samsa.protocol.message.OffsetCommitResponse.OffsetCommitResponsePartition;
import io.samsa.protocol.message.OffsetCommitResponse.OffsetCommitResponseTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * OffsetCommit (key 8), v2–10. Partitions of topics the metadata does not know are answered
 * {@code UNKNOWN_TOPIC_OR_PARTITION} ({@code UNKNOWN_TOPIC_ID} from v10, which names topics by id, KIP-848) and
 * not committed, as Kafka does; the rest go to the group's coordinator. v2–v4 may carry a retention time.
 */
public final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequest, OffsetCommitResponse> {
    private final GroupCoordinator groups;
    private final MetadataStore metadata;

    public OffsetCommitHandler(GroupCoordinator groups, MetadataStore metadata) {
        this.groups = groups;
        this.metadata = metadata;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_COMMIT;
    }

    @Override
    public CompletableFuture<OffsetCommitResponse> handle(RequestContext ctx, OffsetCommitRequest request) {
        short version = ctx.apiVersion();
        MetadataImage image = metadata.image();
        List<CommitOffset> offsets = new ArrayList<>();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            TopicImage known = topic(image, topic, version);
            if (known == null) {
                continue;
            }
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                if (known.partition(p.partitionIndex()).isPresent()) {
                    offsets.add(new CommitOffset(new TopicPartition(known.name(), p.partitionIndex()),
                            p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata()));
                }
            }
        }
        long retentionTimeMs = version <= 4 ? request.retentionTimeMs() : -1L;
        Committer committer = new Committer(request.generationIdOrMemberEpoch(), request.memberId(),
                request.groupInstanceId());
        CompletableFuture<Map<TopicPartition, ErrorCode>> committed = offsets.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : groups.commitOffsets(request.groupId(), committer, retentionTimeMs, offsets, version);
        return committed.thenApply(errors -> response(image, request, version, tp -> errors.get(tp)));
    }

    @Override
    public OffsetCommitResponse errorResponse(RequestContext ctx, OffsetCommitRequest request, ErrorCode error) {
        return response(metadata.image(), request, ctx.apiVersion(), tp -> error);
    }

    private static TopicImage topic(MetadataImage image, OffsetCommitRequestTopic topic, short version) {
        return (version >= 10 ? image.topic(topic.topicId()) : image.topic(topic.name())).orElse(null);
    }

    /** The response in request order; partitions the coordinator did not see were refused here. */
    private static OffsetCommitResponse response(MetadataImage image, OffsetCommitRequest request, short version,
                                                 Function<TopicPartition, ErrorCode> errors) {
        OffsetCommitResponse response = new OffsetCommitResponse();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            TopicImage known = topic(image, topic, version);
            OffsetCommitResponseTopic out = new OffsetCommitResponseTopic();
            if (version >= 10) {
                out.setTopicId(topic.topicId());
            } else {
                out.setName(topic.name());
            }
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                ErrorCode error;
                if (known == null) {
                    error = version >= 10 ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (known.partition(p.partitionIndex()).isEmpty()) {
                    error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                } else {
                    ErrorCode result = errors.apply(new TopicPartition(known.name(), p.partitionIndex()));
                    error = result == null ? ErrorCode.UNKNOWN_SERVER_ERROR : result;
                }
                out.partitions().add(new OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code()));
            }
            response.topics().add(out);
        }
        return response;
    }
}
