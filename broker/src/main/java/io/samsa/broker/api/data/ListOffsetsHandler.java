package io.samsa.broker.api.data;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.log.TimestampAndOffset;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.network.RequestContext;
import io.samsa.broker.partition.FetchIsolation;
import io.samsa.broker.partition.Partition;
import io.samsa.broker.partition.PartitionManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ListOffsetsRequest;
import io.samsa.protocol.message.ListOffsetsResponse;
import io.samsa.protocol.message.ListOffsetsResponse.ListOffsetsPartitionResponse;
import io.samsa.protocol.message.ListOffsetsResponse.ListOffsetsTopicResponse;
import io.samsa.protocol.record.RecordBatch;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ListOffsets (key 2), versions 1–11, as Kafka answers without tiered storage: {@code -1} latest (the
 * high watermark, or with {@code read_committed} the last stable offset, equal without
 * transactions; epoch: the current leader epoch), {@code -2} earliest and {@code -4} earliest-local
 * (the log start offset), {@code -3} the record with the largest timestamp (v7+, KIP-734),
 * {@code -5} latest-tiered (v9+, KIP-1005) and {@code -6} earliest-pending-upload (v11+, KIP-1023)
 * are offset -1 since nothing is tiered, and a timestamp searches inside batches for the first
 * record at or after it. A record found at or beyond the last fetchable offset, or none, gives
 * offset -1 and timestamp -1 (the Java consumer's {@code offsetsForTimes} then answers null). Other negative timestamps, or special ones older than their version,
 * are {@code UNSUPPORTED_VERSION}; a partition named twice is {@code INVALID_REQUEST}.
 *
 * <p>Consumers ({@code replica_id} -1) must ask the leader and are bounded by their isolation
 * level; the debugging replica id -2 may ask any replica and sees up to the log end.
 */
public final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequest, ListOffsetsResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ListOffsetsHandler.class);
    static final long LATEST = -1L;
    static final long EARLIEST = -2L;
    static final long MAX_TIMESTAMP = -3L;
    static final long EARLIEST_LOCAL = -4L;
    static final long LATEST_TIERED = -5L;
    static final long EARLIEST_PENDING_UPLOAD = -6L;
    private static final int CONSUMER_REPLICA_ID = -1;
    private static final int DEBUGGING_REPLICA_ID = -2;
    /** KIP-320: the leader epoch field exists from v4. */
    private static final short FIRST_LEADER_EPOCH_VERSION = 4;
    /** The first version that may ask for each special timestamp (Kafka's {@code timestampMinSupportedVersion}). */
    private static final Map<Long, Short> SPECIAL_TIMESTAMP_MIN_VERSION = Map.of(
            LATEST, (short) 1, EARLIEST, (short) 1, MAX_TIMESTAMP, (short) 7, EARLIEST_LOCAL, (short) 8,
            LATEST_TIERED, (short) 9, EARLIEST_PENDING_UPLOAD, (short) 11);

    private final MetadataStore metadata;
    private final PartitionManager partitions;

    public ListOffsetsHandler(MetadataStore metadata, PartitionManager partitions) {
        this.metadata = metadata;
        this.partitions = partitions;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_OFFSETS;
    }

    @Override
    public CompletableFuture<ListOffsetsResponse> handle(RequestContext ctx, ListOffsetsRequest request) {
        short version = ctx.apiVersion();
        MetadataImage image = metadata.image();
        Set<Named> duplicates = duplicates(request);
        boolean consumer = request.replicaId() == CONSUMER_REPLICA_ID;
        FetchIsolation isolation = consumer ? FetchIsolation.ofIsolationLevel(request.isolationLevel())
                : FetchIsolation.LOG_END;
        boolean requireLeader = request.replicaId() != DEBUGGING_REPLICA_ID;
        ListOffsetsResponse response = new ListOffsetsResponse();
        for (ListOffsetsRequest.ListOffsetsTopic topic : request.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsRequest.ListOffsetsPartition p : topic.partitions()) {
                ListOffsetsPartitionResponse result = new ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex());
                if (duplicates.contains(new Named(topic.name(), p.partitionIndex()))) {
                    result.setErrorCode(ErrorCode.INVALID_REQUEST.code());
                } else if (isUnsupported(p.timestamp(), version)) {
                    result.setErrorCode(ErrorCode.UNSUPPORTED_VERSION.code());
                } else {
                    answer(result, version, image, topic.name(), p, isolation, requireLeader);
                }
                topicResponse.partitions().add(result);
            }
            response.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }

    private void answer(ListOffsetsPartitionResponse result, short version, MetadataImage image, String topic,
                        ListOffsetsRequest.ListOffsetsPartition request, FetchIsolation isolation,
                        boolean requireLeader) {
        PartitionLookup.Found found = PartitionLookup.byName(image, partitions, topic, request.partitionIndex());
        ErrorCode error = found.partition() == null ? found.error()
                : found.partition().checkLeader(request.currentLeaderEpoch(), requireLeader);
        if (error != ErrorCode.NONE) {
            result.setErrorCode(error.code());
            return;
        }
        TimestampAndOffset answer;
        try {
            answer = offsetFor(found.partition(), request.timestamp(), isolation);
        } catch (UncheckedIOException e) {
            LOG.error("ListOffsets on {}-{} failed", topic, request.partitionIndex(), e);
            result.setErrorCode(ErrorCode.KAFKA_STORAGE_ERROR.code());
            return;
        }
        result.setTimestamp(answer.timestamp()).setOffset(answer.offset());
        if (version >= FIRST_LEADER_EPOCH_VERSION) {
            result.setLeaderEpoch(answer.leaderEpoch());
        }
    }

    /** Kafka's {@code Partition.fetchOffsetForTimestamp} plus the filter {@code ReplicaManager.fetchOffset} applies. */
    static TimestampAndOffset offsetFor(Partition partition, long timestamp, FetchIsolation isolation) {
        long lastFetchable = partition.lastFetchableOffset(isolation);
        if (timestamp == LATEST) {
            return new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, lastFetchable, partition.leaderEpoch());
        }
        if (timestamp == EARLIEST || timestamp == EARLIEST_LOCAL) {
            return partition.log().fetchOffsetByTimestamp(EARLIEST);
        }
        if (timestamp == LATEST_TIERED || timestamp == EARLIEST_PENDING_UPLOAD) {
            return TimestampAndOffset.NONE; // nothing is in remote storage
        }
        TimestampAndOffset found = partition.log().fetchOffsetByTimestamp(timestamp);
        return found.isNone() || found.offset() >= lastFetchable ? TimestampAndOffset.NONE : found;
    }

    private static boolean isUnsupported(long timestamp, short version) {
        if (timestamp >= 0) {
            return false;
        }
        Short minVersion = SPECIAL_TIMESTAMP_MIN_VERSION.get(timestamp);
        return minVersion == null || version < minVersion;
    }

    /** A partition as the request names it (the name may be invalid, so not a TopicPartition). */
    private record Named(String topic, int partition) { }

    private static Set<Named> duplicates(ListOffsetsRequest request) {
        Set<Named> seen = new HashSet<>();
        Set<Named> duplicates = new HashSet<>();
        for (ListOffsetsRequest.ListOffsetsTopic topic : request.topics()) {
            for (ListOffsetsRequest.ListOffsetsPartition p : topic.partitions()) {
                Named named = new Named(topic.name(), p.partitionIndex());
                if (!seen.add(named)) {
                    duplicates.add(named);
                }
            }
        }
        return duplicates;
    }

    @Override
    public ListOffsetsResponse errorResponse(RequestContext ctx, ListOffsetsRequest request, ErrorCode error) {
        ListOffsetsResponse response = new ListOffsetsResponse();
        for (ListOffsetsRequest.ListOffsetsTopic topic : request.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsRequest.ListOffsetsPartition p : topic.partitions()) {
                topicResponse.partitions().add(new ListOffsetsPartitionResponse()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }
}
