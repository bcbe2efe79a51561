package io.samsa.broker.api.data;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.log.FileSlice;
import io.samsa.broker.log.LogError;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.network.FileRegionRecords;
import io.samsa.broker.network.RequestContext;
import io.samsa.broker.partition.DelayedFetch;
import io.samsa.broker.partition.FetchIsolation;
import io.samsa.broker.partition.Partition;
import io.samsa.broker.partition.PartitionManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.FetchRequest;
import io.samsa.protocol.message.FetchResponse;
import io.samsa.protocol.message.FetchResponse.FetchableTopicResponse;
import io.samsa.protocol.message.FetchResponse.PartitionData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Fetch (key 1), versions 4–18, for consumers. Partitions are read in request order within
 * {@code max_bytes} (capped by the broker's {@code fetch.max.bytes}) and each partition's
 * {@code partition_max_bytes}, always returning at least the first batch (KIP-74), whole batches
 * only, up to the high watermark ({@code read_committed}: the last stable offset, which without
 * transactions is the high watermark). Records are not copied: each partition's are a
 * {@link FileRegionRecords} that the response encoder sends from the segment file.
 *
 * <p>Fewer than {@code min_bytes} and no error: the fetch waits as a {@link DelayedFetch} (woken by
 * an append to any of its partitions, a leadership change, or the timer at {@code max_wait_ms}),
 * then reads again on the I/O executor and answers.
 *
 * <p>Incremental fetch sessions (KIP-227) are answered sessionless, as Kafka allows: a full fetch
 * gets session id 0, so the client keeps sending full fetches; an incremental one names a session
 * that cannot exist here and gets {@code FETCH_SESSION_ID_NOT_FOUND}.
 *
 * <p>Per-partition errors, as Kafka: unknown topic or partition ({@code UNKNOWN_TOPIC_ID} for an
 * unknown id from v13, KIP-516), not hosted or not leader ({@code NOT_LEADER_OR_FOLLOWER}),
 * {@code FENCED_LEADER_EPOCH}/{@code UNKNOWN_LEADER_EPOCH} (KIP-320), {@code OFFSET_OUT_OF_RANGE};
 * an errored partition reports -1 offsets. Preferred read replica is always -1.
 */
public final class FetchHandler implements ApiHandler<FetchRequest, FetchResponse> {
    /** KIP-516: from v13 topics are named by id. */
    private static final short FIRST_TOPIC_ID_VERSION = 13;
    /** KIP-110: zstd topics can be fetched from v10. */
    private static final short FIRST_ZSTD_VERSION = 10;
    /** Storage errors reach clients of v6+ as themselves, older ones as NOT_LEADER_OR_FOLLOWER (as Kafka does). */
    private static final short FIRST_STORAGE_ERROR_VERSION = 6;
    private static final int INITIAL_EPOCH = 0;
    private static final int FINAL_EPOCH = -1;
    private static final int SESSIONLESS = 0;

    private final MetadataStore metadata;
    private final PartitionManager partitions;
    private final int brokerFetchMaxBytes;
    private final Executor ioExecutor;

    /**
     * @param brokerFetchMaxBytes {@code fetch.max.bytes}: the most one response carries
     * @param ioExecutor          where a woken fetch reads again (never a timer or appending thread)
     */
    public FetchHandler(MetadataStore metadata, PartitionManager partitions, int brokerFetchMaxBytes,
                        Executor ioExecutor) {
        this.metadata = metadata;
        this.partitions = partitions;
        this.brokerFetchMaxBytes = brokerFetchMaxBytes;
        this.ioExecutor = ioExecutor;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FETCH;
    }

    @Override
    public CompletableFuture<FetchResponse> handle(RequestContext ctx, FetchRequest request) {
        if (request.sessionEpoch() != INITIAL_EPOCH && request.sessionEpoch() != FINAL_EPOCH) {
            return CompletableFuture.completedFuture(new FetchResponse()
                    .setErrorCode(ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code()).setSessionId(SESSIONLESS));
        }
        short version = ctx.apiVersion();
        List<Target> targets = resolve(version, request, metadata.image());
        FetchIsolation isolation = FetchIsolation.ofIsolationLevel(request.isolationLevel());
        int maxBytes = Math.min(request.maxBytes(), brokerFetchMaxBytes);
        Reading first = read(version, targets, isolation, maxBytes);
        if (request.maxWaitMs() <= 0 || targets.isEmpty() || first.bytes >= request.minBytes() || first.anyError) {
            return CompletableFuture.completedFuture(first.response(version));
        }
        DelayedFetch waiting = partitions.delayFetch(first.watched, first.observedHighWatermarks(),
                request.minBytes() - first.bytes, request.maxWaitMs());
        return waiting.future().thenApplyAsync(
                woken -> read(version, targets, isolation, maxBytes).response(version), ioExecutor);
    }

    /** One requested partition and where it stands on this broker. */
    private record Target(FetchRequest.FetchTopic topic, FetchRequest.FetchPartition request,
                          PartitionLookup.Found found) { }

    private List<Target> resolve(short version, FetchRequest request, MetadataImage image) {
        List<Target> targets = new ArrayList<>();
        for (FetchRequest.FetchTopic topic : request.topics()) {
            for (FetchRequest.FetchPartition p : topic.partitions()) {
                PartitionLookup.Found found = version >= FIRST_TOPIC_ID_VERSION
                        ? PartitionLookup.byId(image, partitions, topic.topicId(), p.partition())
                        : PartitionLookup.byName(image, partitions, topic.topic(), p.partition());
                targets.add(new Target(topic, p, found));
            }
        }
        return targets;
    }

    /** One pass over the targets: the data read, its size, and what a delayed fetch would watch. */
    private Reading read(short version, List<Target> targets, FetchIsolation isolation, int maxBytes) {
        Reading reading = new Reading(targets.size());
        long limit = maxBytes;
        boolean minOneBatch = true;
        for (Target target : targets) {
            PartitionData data = readPartition(version, target, isolation, (int) Math.min(limit,
                    Math.max(0, target.request().partitionMaxBytes())), minOneBatch);
            int size = data.records().readableBytes();
            if (size > 0) {
                minOneBatch = false;
            }
            limit = Math.max(0, limit - size);
            reading.add(data, target);
        }
        return reading;
    }

    private PartitionData readPartition(short version, Target target, FetchIsolation isolation, int maxBytes,
                                        boolean minOneBatch) {
        FetchRequest.FetchPartition request = target.request();
        PartitionData data = new PartitionData().setPartitionIndex(request.partition());
        Partition partition = target.found().partition();
        ErrorCode error = partition == null ? target.found().error()
                : partition.checkLeader(request.currentLeaderEpoch(), true);
        if (error == ErrorCode.NONE && version < FIRST_ZSTD_VERSION
                && "zstd".equals(partition.log().config().compressionType())) {
            error = ErrorCode.UNSUPPORTED_COMPRESSION_TYPE;
        }
        if (error != ErrorCode.NONE) {
            return failed(data, error);
        }
        FetchDataInfo info = partition.read(request.fetchOffset(), maxBytes, isolation, minOneBatch);
        if (info.error() == LogError.KAFKA_STORAGE_ERROR) {
            return failed(data, version < FIRST_STORAGE_ERROR_VERSION ? ErrorCode.NOT_LEADER_OR_FOLLOWER
                    : ErrorCode.KAFKA_STORAGE_ERROR);
        }
        if (info.error() != LogError.NONE) {
            return failed(data, info.error().errorCode());
        }
        return data.setHighWatermark(info.highWatermark())
                .setLastStableOffset(info.highWatermark())
                .setLogStartOffset(info.logStartOffset())
                .setAbortedTransactions(isolation == FetchIsolation.TXN_COMMITTED ? new ArrayList<>() : null)
                .setRecords(records(info.records()));
    }

    /** Kafka's {@code FetchResponse.partitionResponse(tp, error)}: no records, -1 offsets. */
    private static PartitionData failed(PartitionData data, ErrorCode error) {
        return data.setErrorCode(error.code()).setHighWatermark(-1L).setLastStableOffset(-1L).setLogStartOffset(-1L)
                .setRecords(Unpooled.EMPTY_BUFFER);
    }

    private static ByteBuf records(FileSlice slice) {
        return slice.isEmpty() ? Unpooled.EMPTY_BUFFER
                : new FileRegionRecords(slice.channel(), slice.position(), slice.sizeInBytes());
    }

    /** The partitions' data of one read pass, in request order. */
    private static final class Reading {
        final List<PartitionData> data;
        final List<Target> targets;
        final List<Partition> watched = new ArrayList<>();
        final List<Long> highWatermarks = new ArrayList<>();
        long bytes;
        boolean anyError;

        Reading(int size) {
            data = new ArrayList<>(size);
            targets = new ArrayList<>(size);
        }

        void add(PartitionData partitionData, Target target) {
            data.add(partitionData);
            targets.add(target);
            bytes += partitionData.records().readableBytes();
            if (partitionData.errorCode() != ErrorCode.NONE.code()) {
                anyError = true;
            } else {
                watched.add(target.found().partition());
                highWatermarks.add(partitionData.highWatermark());
            }
        }

        long[] observedHighWatermarks() {
            return highWatermarks.stream().mapToLong(Long::longValue).toArray();
        }

        /** The response: one entry per requested topic, its partitions in request order. */
        FetchResponse response(short version) {
            FetchResponse response = new FetchResponse().setSessionId(SESSIONLESS);
            FetchRequest.FetchTopic current = null;
            FetchableTopicResponse topicResponse = null;
            for (int i = 0; i < data.size(); i++) {
                FetchRequest.FetchTopic topic = targets.get(i).topic();
                if (topic != current) {
                    current = topic;
                    topicResponse = topicResponse(version, topic);
                    response.responses().add(topicResponse);
                }
                topicResponse.partitions().add(data.get(i));
            }
            return response;
        }
    }

    private static FetchableTopicResponse topicResponse(short version, FetchRequest.FetchTopic topic) {
        FetchableTopicResponse response = new FetchableTopicResponse();
        return version >= FIRST_TOPIC_ID_VERSION ? response.setTopicId(topic.topicId()) : response.setTopic(topic.topic());
    }

    /**
     * Kafka's {@code FetchRequest.getErrorResponse}: the top-level error, and before v13 (which has
     * only that) the same error in every partition.
     */
    @Override
    public FetchResponse errorResponse(RequestContext ctx, FetchRequest request, ErrorCode error) {
        FetchResponse response = new FetchResponse().setErrorCode(error.code()).setSessionId(SESSIONLESS);
        if (ctx.apiVersion() < FIRST_TOPIC_ID_VERSION) {
            for (FetchRequest.FetchTopic topic : request.topics()) {
                FetchableTopicResponse topicResponse = topicResponse(ctx.apiVersion(), topic);
                for (FetchRequest.FetchPartition p : topic.partitions()) {
                    topicResponse.partitions().add(failed(new PartitionData().setPartitionIndex(p.partition()), error));
                }
                response.responses().add(topicResponse);
            }
        }
        return response;
    }
}
