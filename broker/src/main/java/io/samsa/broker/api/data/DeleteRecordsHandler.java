package io.samsa.broker.api.data;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.api.admin.InternalTopics;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.network.RequestContext;
import io.samsa.broker.partition.Partition;
import io.samsa.broker.partition.PartitionManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DeleteRecordsRequest;
import io.samsa.protocol.message.DeleteRecordsResponse;
import io.samsa.protocol.message.DeleteRecordsResponse.DeleteRecordsPartitionResult;
import io.samsa.protocol.message.DeleteRecordsResponse.DeleteRecordsTopicResult;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteRecords (key 21), versions 0–2: moves each partition's log start offset (low watermark) up
 * to the given offset, -1 meaning the high watermark, and deletes the segments wholly below it.
 * As in Kafka: an offset past the high watermark (or negative) is {@code OFFSET_OUT_OF_RANGE}, a
 * topic without {@code delete} in its {@code cleanup.policy} {@code POLICY_VIOLATION}, and internal
 * topics refuse with {@code INVALID_TOPIC_EXCEPTION}. With every replica local (replication factor
 * 1) the new low watermark is final at once, so nothing waits for {@code timeout_ms}.
 */
public final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequest, DeleteRecordsResponse> {
    private static final long INVALID_LOW_WATERMARK = -1L;

    private final MetadataStore metadata;
    private final PartitionManager partitions;

    public DeleteRecordsHandler(MetadataStore metadata, PartitionManager partitions) {
        this.metadata = metadata;
        this.partitions = partitions;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_RECORDS;
    }

    @Override
    public CompletableFuture<DeleteRecordsResponse> handle(RequestContext ctx, DeleteRecordsRequest request) {
        MetadataImage image = metadata.image();
        DeleteRecordsResponse response = new DeleteRecordsResponse();
        for (DeleteRecordsRequest.DeleteRecordsTopic topic : request.topics()) {
            DeleteRecordsTopicResult topicResult = new DeleteRecordsTopicResult().setName(topic.name());
            for (DeleteRecordsRequest.DeleteRecordsPartition p : topic.partitions()) {
                topicResult.partitions().add(delete(image, topic.name(), p));
            }
            response.topics().add(topicResult);
        }
        return CompletableFuture.completedFuture(response);
    }

    private DeleteRecordsPartitionResult delete(MetadataImage image, String topic,
                                                DeleteRecordsRequest.DeleteRecordsPartition request) {
        DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult()
                .setPartitionIndex(request.partitionIndex()).setLowWatermark(INVALID_LOW_WATERMARK);
        PartitionLookup.Found found = PartitionLookup.byName(image, partitions, topic, request.partitionIndex());
        if (found.error() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
            return result.setErrorCode(found.error().code());
        }
        if (InternalTopics.isInternal(topic)) {
            return result.setErrorCode(ErrorCode.INVALID_TOPIC_EXCEPTION.code());
        }
        Partition partition = found.partition();
        ErrorCode error = partition == null ? found.error() : partition.checkLeader(Partition.NO_EPOCH_CHECK, true);
        if (error != ErrorCode.NONE) {
            return result.setErrorCode(error.code());
        }
        Partition.DeleteRecordsOutcome outcome = partition.deleteRecordsOnLeader(request.offset());
        return result.setErrorCode(outcome.error().code()).setLowWatermark(outcome.error() == ErrorCode.NONE
                ? outcome.lowWatermark() : INVALID_LOW_WATERMARK);
    }

    @Override
    public DeleteRecordsResponse errorResponse(RequestContext ctx, DeleteRecordsRequest request, ErrorCode error) {
        DeleteRecordsResponse response = new DeleteRecordsResponse();
        for (DeleteRecordsRequest.DeleteRecordsTopic topic : request.topics()) {
            DeleteRecordsTopicResult topicResult = new DeleteRecordsTopicResult().setName(topic.name());
            for (DeleteRecordsRequest.DeleteRecordsPartition p : topic.partitions()) {
                topicResult.partitions().add(new DeleteRecordsPartitionResult().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code()).setLowWatermark(INVALID_LOW_WATERMARK));
            }
            response.topics().add(topicResult);
        }
        return response;
    }
}
