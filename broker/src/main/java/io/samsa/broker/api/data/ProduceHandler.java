package io.samsa.broker.api.data;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.api.admin.InternalTopics;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.network.RequestContext;
import io.samsa.broker.partition.AppendResult;
import io.samsa.broker.partition.AppendScope;
import io.samsa.broker.partition.PartitionManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ProduceRequest;
import io.samsa.protocol.message.ProduceResponse;
import io.samsa.protocol.message.ProduceResponse.PartitionProduceResponse;
import io.samsa.protocol.message.ProduceResponse.TopicProduceResponse;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.RecordBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Produce (key 0), versions 3–13 (ApiVersions advertises it from 0, see {@code ApiVersionsHandler}).
 * Per partition, in Kafka's order: the topic must exist ({@code UNKNOWN_TOPIC_OR_PARTITION}, or
 * {@code UNKNOWN_TOPIC_ID} from v13, KIP-516; as in Kafka, Produce never creates topics: clients
 * ask Metadata first, which does), the records must be exactly one magic-2 batch
 * ({@code INVALID_RECORD}; a batch length below a header's is {@code CORRUPT_MESSAGE}; zstd before
 * v7 is {@code UNSUPPORTED_COMPRESSION_TYPE}), {@code acks} must be 0, 1 or -1
 * ({@code INVALID_REQUIRED_ACKS}), internal topics are written only by Kafka's admin client id
 * ({@code INVALID_TOPIC_EXCEPTION}), and then the partition's leader appends, where the log checks
 * CRCs, sizes ({@code MESSAGE_TOO_LARGE} over {@code max.message.bytes}), timestamps, and an
 * idempotent producer's sequence (a retried batch gets its original offsets).
 *
 * <p>Transactions do not exist yet, and the answers are those of a Kafka broker whose transaction
 * coordinator knows no transactional id: transactional batches without a {@code transactional_id}
 * fail the whole request with {@code TRANSACTIONAL_ID_AUTHORIZATION_FAILED} (Kafka's own check in
 * {@code KafkaApis.handleProduceRequest}); with one, each such partition gets
 * {@code INVALID_PRODUCER_ID_MAPPING}, which is what Kafka's partition verification (KIP-890) answers
 * when the coordinator has no producer id for that transactional id.
 *
 * <p>With {@code acks=0} the future completes with null: no response is sent.
 */
public final class ProduceHandler implements ApiHandler<ProduceRequest, ProduceResponse> {
    /** KIP-110: zstd batches need Produce v7+. */
    private static final short FIRST_ZSTD_VERSION = 7;
    /** KIP-516: from v13 topics are named by id. */
    private static final short FIRST_TOPIC_ID_VERSION = 13;
    private static final int TRANSACTIONAL_FLAG = 0x10;
    /** Kafka lets only this client id (its admin tools') write to internal topics. */
    private static final String ADMIN_CLIENT_ID = "__admin_client";

    private final MetadataStore metadata;
    private final PartitionManager partitions;

    public ProduceHandler(MetadataStore metadata, PartitionManager partitions) {
        this.metadata = metadata;
        this.partitions = partitions;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    @Override
    public CompletableFuture<ProduceResponse> handle(RequestContext ctx, ProduceRequest request) {
        if (request.transactionalId() == null && hasTransactionalRecords(request)) {
            return respond(request, errorResponse(ctx, request, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED));
        }
        short version = ctx.apiVersion();
        MetadataImage image = metadata.image();
        ProduceResponse response = new ProduceResponse();
        // One scope for the whole request: its partitions in one Raft group become one entry.
        List<CompletableFuture<?>> appends = AppendScope.run(() -> appendAll(version, image, ctx, request, response));
        return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
                .thenApply(done -> answer(request, response));
    }

    private List<CompletableFuture<?>> appendAll(short version, MetadataImage image, RequestContext ctx,
                                                 ProduceRequest request, ProduceResponse response) {
        List<CompletableFuture<?>> appends = new ArrayList<>();
        for (ProduceRequest.TopicProduceData topic : request.topicData()) {
            TopicProduceResponse topicResponse = topicResponse(version, topic);
            response.responses().add(topicResponse);
            for (ProduceRequest.PartitionProduceData data : topic.partitionData()) {
                PartitionProduceResponse result = new PartitionProduceResponse().setIndex(data.index());
                topicResponse.partitionResponses().add(result);
                appends.add(produce(version, image, ctx.clientId(), request, topic, data)
                        .thenAccept(outcome -> fill(result, outcome)));
            }
        }
        return appends;
    }

    private CompletableFuture<AppendResult> produce(short version, MetadataImage image, String clientId,
                                                    ProduceRequest request,
                                                    ProduceRequest.TopicProduceData topic,
                                                    ProduceRequest.PartitionProduceData data) {
        PartitionLookup.Found found = version >= FIRST_TOPIC_ID_VERSION
                ? PartitionLookup.byId(image, partitions, topic.topicId(), data.index())
                : PartitionLookup.byName(image, partitions, topic.name(), data.index());
        if (found.error() != ErrorCode.NONE) {
            return failed(found.error(), null);
        }
        ByteBuf records = data.records();
        AppendResult invalid = validateRecords(version, records);
        if (invalid != null) {
            return CompletableFuture.completedFuture(invalid);
        }
        short acks = request.acks();
        if (acks != 0 && acks != 1 && acks != -1) {
            return failed(ErrorCode.INVALID_REQUIRED_ACKS, "acks must be 0, 1 or -1, not " + acks);
        }
        if (isTransactional(records)) {
            return failed(ErrorCode.INVALID_PRODUCER_ID_MAPPING, "transactional id " + request.transactionalId()
                    + " has no producer id: this broker does not support transactions yet");
        }
        if (InternalTopics.isInternal(found.topicName()) && !ADMIN_CLIENT_ID.equals(clientId)) {
            return failed(ErrorCode.INVALID_TOPIC_EXCEPTION, "Cannot append to internal topic " + found.topicName());
        }
        // The request frame is released once the response is written (with acks=0, at once): keep our own reference.
        return found.partition().appendRecordsToLeader(records.retainedSlice(), AppendOrigin.CLIENT, acks);
    }

    /**
     * Kafka's {@code ProduceRequest.validateRecords}: from v3 a partition carries exactly one batch,
     * of magic 2. Returns null when the records pass.
     */
    private static AppendResult validateRecords(short version, ByteBuf records) {
        int size = records == null ? -1 : RecordBatch.sizeOf(records, records.readerIndex());
        if (size >= 0 && size < RecordBatch.HEADER_SIZE) {
            return AppendResult.failed(ErrorCode.CORRUPT_MESSAGE, "record batch length " + size + " is too small");
        }
        if (size < 0 || size > records.readableBytes()) {
            return AppendResult.failed(ErrorCode.INVALID_RECORD,
                    "Produce requests with version " + version + " must have at least one record batch per partition");
        }
        byte magic = records.getByte(records.readerIndex() + 16);
        if (magic != RecordBatch.MAGIC) {
            return AppendResult.failed(ErrorCode.INVALID_RECORD, "Produce requests with version " + version
                    + " are only allowed to contain record batches with magic version 2");
        }
        if (version < FIRST_ZSTD_VERSION && compression(records) == CompressionType.ZSTD) {
            return AppendResult.failed(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, "Produce requests with version "
                    + version + " are not allowed to use ZStandard compression");
        }
        if (size < records.readableBytes()) {
            return AppendResult.failed(ErrorCode.INVALID_RECORD, "Produce requests with version " + version
                    + " are only allowed to contain exactly one record batch per partition");
        }
        return null;
    }

    private static CompressionType compression(ByteBuf records) {
        return RecordBatch.view(records).compressionType();
    }

    private static boolean hasTransactionalRecords(ProduceRequest request) {
        for (ProduceRequest.TopicProduceData topic : request.topicData()) {
            for (ProduceRequest.PartitionProduceData data : topic.partitionData()) {
                if (isTransactional(data.records())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The transactional attribute of the (first) batch; false if there is no readable batch header. */
    private static boolean isTransactional(ByteBuf records) {
        if (records == null || records.readableBytes() < RecordBatch.HEADER_SIZE
                || records.getByte(records.readerIndex() + 16) != RecordBatch.MAGIC) {
            return false;
        }
        return (records.getShort(records.readerIndex() + 21) & TRANSACTIONAL_FLAG) != 0;
    }

    private static CompletableFuture<AppendResult> failed(ErrorCode error, String message) {
        return CompletableFuture.completedFuture(AppendResult.failed(error, message));
    }

    private static void fill(PartitionProduceResponse result, AppendResult outcome) {
        result.setErrorCode(outcome.error().code())
                .setBaseOffset(outcome.baseOffset())
                .setLogAppendTimeMs(outcome.logAppendTime())
                .setLogStartOffset(outcome.logStartOffset())
                .setErrorMessage(outcome.succeeded() ? null : outcome.errorMessage());
    }

    private static TopicProduceResponse topicResponse(short version, ProduceRequest.TopicProduceData topic) {
        TopicProduceResponse response = new TopicProduceResponse();
        return version >= FIRST_TOPIC_ID_VERSION ? response.setTopicId(topic.topicId()) : response.setName(topic.name());
    }

    private static CompletableFuture<ProduceResponse> respond(ProduceRequest request, ProduceResponse response) {
        return CompletableFuture.completedFuture(answer(request, response));
    }

    /**
     * The response, or with {@code acks=0} none: then a failed partition closes the connection, as in
     * Kafka, since the client reads no response and would otherwise never learn of the error.
     */
    private static ProduceResponse answer(ProduceRequest request, ProduceResponse response) {
        if (request.acks() != 0) {
            return response;
        }
        for (TopicProduceResponse topic : response.responses()) {
            for (PartitionProduceResponse partition : topic.partitionResponses()) {
                if (partition.errorCode() != ErrorCode.NONE.code()) {
                    throw new io.samsa.broker.api.CloseConnectionException("acks=0 produce failed with "
                            + ErrorCode.forCode(partition.errorCode()) + " on partition " + partition.index());
                }
            }
        }
        return null;
    }

    @Override
    public ProduceResponse errorResponse(RequestContext ctx, ProduceRequest request, ErrorCode error) {
        ProduceResponse response = new ProduceResponse();
        for (ProduceRequest.TopicProduceData topic : request.topicData()) {
            TopicProduceResponse topicResponse = topicResponse(ctx.apiVersion(), topic);
            for (ProduceRequest.PartitionProduceData data : topic.partitionData()) {
                PartitionProduceResponse result = new PartitionProduceResponse().setIndex(data.index());
                fill(result, AppendResult.failed(error, null));
                topicResponse.partitionResponses().add(result);
            }
            response.responses().add(topicResponse);
        }
        return response;
    }
}
