package io.samsa.broker.api.data;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.protocol.ApiMessage;
import io.samsa.protocol.message.FetchRequest;
import io.samsa.protocol.message.FetchResponse;
import io.samsa.protocol.message.ProduceRequest;
import io.samsa.protocol.message.ProduceResponse;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Requests and record batches built with the codec, for tests that speak the protocol directly. */
final class Protocol {
    private Protocol() {
    }

    /** A batch of {@code count} records {@code value-<i>}; the caller owns the buffer. */
    static ByteBuf batch(int count) {
        return batch(RecordBatchBuilder.of(CompressionType.NONE), count, System.currentTimeMillis());
    }

    static ByteBuf batch(RecordBatchBuilder builder, int count, long timestamp) {
        for (int i = 0; i < count; i++) {
            builder.append(timestamp + i, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    static ByteBuf idempotentBatch(long producerId, short epoch, int baseSequence, int count) {
        return batch(RecordBatchBuilder.of(CompressionType.NONE).producer(producerId, epoch, baseSequence), count,
                System.currentTimeMillis());
    }

    /** A Produce request for one partition, by name (v3–12) or by id (v13+). */
    static ProduceRequest produce(String topic, UUID topicId, int partition, ByteBuf records, short acks) {
        return new ProduceRequest().setAcks(acks).setTimeoutMs(10_000).setTopicData(new ArrayList<>(List.of(
                new ProduceRequest.TopicProduceData().setName(topic).setTopicId(topicId)
                        .setPartitionData(new ArrayList<>(List.of(new ProduceRequest.PartitionProduceData()
                                .setIndex(partition).setRecords(records)))))));
    }

    /** Sends a Produce and returns its one partition's response (releasing {@code records}). */
    static ProduceResponse.PartitionProduceResponse produceOne(RawKafkaClient client, short version, String topic,
                                                               UUID topicId, int partition, ByteBuf records)
            throws IOException {
        try {
            ProduceResponse response = client.call(produce(topic, topicId, partition, records, (short) -1),
                    new ProduceResponse(), version);
            return response.responses().get(0).partitionResponses().get(0);
        } finally {
            records.release();
        }
    }

    static FetchRequest fetch(String topic, UUID topicId, int partition, long offset, int partitionMaxBytes) {
        return new FetchRequest().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(Integer.MAX_VALUE)
                .setTopics(new ArrayList<>(List.of(fetchTopic(topic, topicId, partition, offset, partitionMaxBytes))));
    }

    static FetchRequest.FetchTopic fetchTopic(String topic, UUID topicId, int partition, long offset,
                                              int partitionMaxBytes) {
        return new FetchRequest.FetchTopic().setTopic(topic).setTopicId(topicId).setPartitions(new ArrayList<>(List.of(
                new FetchRequest.FetchPartition().setPartition(partition).setFetchOffset(offset)
                        .setPartitionMaxBytes(partitionMaxBytes))));
    }

    static FetchResponse.PartitionData fetchOne(RawKafkaClient client, short version, FetchRequest request)
            throws IOException {
        return client.call(request, new FetchResponse(), version).responses().get(0).partitions().get(0);
    }

    /** The batches of a response's records. */
    static List<RecordBatch> batches(ByteBuf records) {
        return records == null ? List.of() : RecordBatch.viewAll(records);
    }

    static <T extends ApiMessage> T call(RawKafkaClient client, ApiMessage request, T response, short version)
            throws IOException {
        return client.call(request, response, version);
    }

    static ByteBuf copy(ByteBuf records) {
        return Unpooled.copiedBuffer(records);
    }
}
