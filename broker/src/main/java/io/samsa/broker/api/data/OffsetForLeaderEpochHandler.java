package io.samsa.broker.api.data;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.log.EpochEndOffset;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.network.RequestContext;
import io.samsa.broker.partition.PartitionManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.OffsetForLeaderEpochRequest;
import io.samsa.protocol.message.OffsetForLeaderEpochResponse;
import io.samsa.protocol.message.OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch (key 23), versions 2–4 (librdkafka speaks only v2): where a leader epoch
 * ended, which a consumer uses to detect log truncation after a leader change (KIP-320). The
 * current epoch ends at the log end; an older one at the start of the next epoch this broker knows;
 * an unknown (newer, or negative) epoch is answered -1/-1 with no error, as Kafka does. Asked of
 * the leader only, with the {@code current_leader_epoch} check ({@code FENCED_LEADER_EPOCH},
 * {@code UNKNOWN_LEADER_EPOCH}).
 */
public final class OffsetForLeaderEpochHandler
        implements ApiHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse> {
    private final MetadataStore metadata;
    private final PartitionManager partitions;

    public OffsetForLeaderEpochHandler(MetadataStore metadata, PartitionManager partitions) {
        this.metadata = metadata;
        this.partitions = partitions;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public CompletableFuture<OffsetForLeaderEpochResponse> handle(RequestContext ctx,
                                                                  OffsetForLeaderEpochRequest request) {
        MetadataImage image = metadata.image();
        OffsetForLeaderEpochResponse response = new OffsetForLeaderEpochResponse();
        for (OffsetForLeaderEpochRequest.OffsetForLeaderTopic topic : request.topics()) {
            OffsetForLeaderTopicResult topicResult = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderEpochRequest.OffsetForLeaderPartition p : topic.partitions()) {
                PartitionLookup.Found found = PartitionLookup.byName(image, partitions, topic.topic(), p.partition());
                ErrorCode error = found.partition() == null ? found.error()
                        : found.partition().checkLeader(p.currentLeaderEpoch(), true);
                EpochEndOffset end = error == ErrorCode.NONE ? found.partition().endOffsetForEpoch(p.leaderEpoch())
                        : EpochEndOffset.UNDEFINED;
                topicResult.partitions().add(result(p.partition(), error, end));
            }
            response.topics().add(topicResult);
        }
        return CompletableFuture.completedFuture(response);
    }

    private static OffsetForLeaderEpochResponse.EpochEndOffset result(int partition, ErrorCode error,
                                                                      EpochEndOffset end) {
        return new OffsetForLeaderEpochResponse.EpochEndOffset().setPartition(partition).setErrorCode(error.code())
                .setLeaderEpoch(end.leaderEpoch()).setEndOffset(end.endOffset());
    }

    @Override
    public OffsetForLeaderEpochResponse errorResponse(RequestContext ctx, OffsetForLeaderEpochRequest request,
                                                      ErrorCode error) {
        OffsetForLeaderEpochResponse response = new OffsetForLeaderEpochResponse();
        for (OffsetForLeaderEpochRequest.OffsetForLeaderTopic topic : request.topics()) {
            OffsetForLeaderTopicResult topicResult = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderEpochRequest.OffsetForLeaderPartition p : topic.partitions()) {
                topicResult.partitions().add(result(p.partition(), error, EpochEndOffset.UNDEFINED));
            }
            response.topics().add(topicResult);
        }
        return response;
    }
}
