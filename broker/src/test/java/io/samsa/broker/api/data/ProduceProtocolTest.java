package io.samsa.broker.api.data;

import static io.samsa.broker.api.data.Protocol.batch;
import static io.samsa.broker.api.data.Protocol.batches;
import static io.samsa.broker.api.data.Protocol.fetch;
import static io.samsa.broker.api.data.Protocol.fetchOne;
import static io.samsa.broker.api.data.Protocol.idempotentBatch;
import static io.samsa.broker.api.data.Protocol.produce;
import static io.samsa.broker.api.data.Protocol.produceOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ApiVersionsRequest;
import io.samsa.protocol.message.ApiVersionsResponse;
import io.samsa.protocol.message.FetchResponse;
import io.samsa.protocol.message.InitProducerIdRequest;
import io.samsa.protocol.message.InitProducerIdResponse;
import io.samsa.protocol.message.ProduceRequest;
import io.samsa.protocol.message.ProduceResponse;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Produce at the protocol level: every version, Kafka's validation errors, idempotence, transactions, acks. */
class ProduceProtocolTest {
    @TempDir
    static Path dir;
    static DataTestBroker broker;
    static UUID topicId;
    RawKafkaClient client;

    @BeforeAll
    static void start() {
        broker = DataTestBroker.start(dir);
        topicId = broker.createTopic("p", 2);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @BeforeEach
    void connect() throws Exception {
        client = new RawKafkaClient("127.0.0.1", broker.port());
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
    }

    private static long logEnd(String topic, int partition) {
        return broker.broker.services().partitions().partition(new TopicPartition(topic, partition))
                .map(p -> p.log().logEndOffset()).orElseThrow();
    }

    @Test
    void everyVersionFrom3To13AppendsAndAnswersWithTheBaseOffset() throws Exception {
        long next = logEnd("p", 1);
        for (short version = 3; version <= 13; version++) {
            ProduceResponse response = client.call(produce("p", topicId, 1, batch(2), (short) -1), new ProduceResponse(),
                    version);
            ProduceResponse.TopicProduceResponse topic = response.responses().get(0);
            if (version >= 13) {
                assertEquals(topicId, topic.topicId(), "KIP-516: v13 answers by topic id");
            } else {
                assertEquals("p", topic.name());
            }
            ProduceResponse.PartitionProduceResponse partition = topic.partitionResponses().get(0);
            assertEquals(ErrorCode.NONE.code(), partition.errorCode(), "v" + version);
            assertEquals(next, partition.baseOffset(), "v" + version);
            assertEquals(-1L, partition.logAppendTimeMs(), "CreateTime topic");
            if (version >= 5) {
                assertEquals(0L, partition.logStartOffset());
            }
            next += 2;
        }
        assertEquals(next, logEnd("p", 1));
    }

    @Test
    void unknownTopicsArePartitionErrorsAndAreNotCreated() throws Exception {
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(),
                produceOne(client, (short) 12, "nope", UUID.randomUUID(), 0, batch(1)).errorCode());
        assertEquals(ErrorCode.UNKNOWN_TOPIC_ID.code(),
                produceOne(client, (short) 13, "nope", UUID.randomUUID(), 0, batch(1)).errorCode());
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(),
                produceOne(client, (short) 13, "p", topicId, 7, batch(1)).errorCode(), "known topic, no partition 7");
        assertTrue(broker.broker.services().metadata().image().topic("nope").isEmpty(),
                "as in Kafka, Produce never creates topics (Metadata does)");
    }

    @Test
    void recordsMustBeExactlyOneValidMagic2Batch() throws Exception {
        long end = logEnd("p", 0);
        ByteBuf two = Unpooled.wrappedBuffer(batch(1), batch(1));
        assertEquals(ErrorCode.INVALID_RECORD.code(), produceOne(client, (short) 9, "p", topicId, 0, two).errorCode());

        ByteBuf corrupt = batch(3);
        corrupt.setByte(corrupt.writerIndex() - 1, corrupt.getByte(corrupt.writerIndex() - 1) ^ 0x5a);
        ProduceResponse.PartitionProduceResponse bad = produceOne(client, (short) 9, "p", topicId, 0, corrupt);
        assertEquals(ErrorCode.CORRUPT_MESSAGE.code(), bad.errorCode(), "CRC mismatch");
        assertNotNull(bad.errorMessage(), "v8+ carries the reason");

        ByteBuf tiny = batch(1);
        tiny.setInt(8, 10); // batch length below a header's
        assertEquals(ErrorCode.CORRUPT_MESSAGE.code(), produceOne(client, (short) 9, "p", topicId, 0, tiny).errorCode());

        ByteBuf truncated = batch(2);
        truncated.writerIndex(truncated.writerIndex() - 5);
        assertEquals(ErrorCode.INVALID_RECORD.code(), produceOne(client, (short) 9, "p", topicId, 0, truncated).errorCode());

        ByteBuf magic1 = batch(1);
        magic1.setByte(16, 1);
        assertEquals(ErrorCode.INVALID_RECORD.code(), produceOne(client, (short) 9, "p", topicId, 0, magic1).errorCode());

        ProduceResponse noRecords = client.call(produce("p", topicId, 0, null, (short) -1), new ProduceResponse(),
                (short) 9);
        assertEquals(ErrorCode.INVALID_RECORD.code(), noRecords.responses().get(0).partitionResponses().get(0).errorCode());
        assertEquals(end, logEnd("p", 0), "nothing was written");
    }

    @Test
    void zstdNeedsVersion7() throws Exception {
        ByteBuf zstd = batch(RecordBatchBuilder.of(CompressionType.ZSTD), 3, System.currentTimeMillis());
        ByteBuf copy = zstd.copy();
        assertEquals(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE.code(),
                produceOne(client, (short) 6, "p", topicId, 0, zstd).errorCode());
        assertEquals(ErrorCode.NONE.code(), produceOne(client, (short) 7, "p", topicId, 0, copy).errorCode());
    }

    @Test
    void acksOtherThanZeroOneOrAllAreRefused() throws Exception {
        ByteBuf records = batch(1);
        try {
            ProduceResponse response = client.call(produce("p", topicId, 0, records, (short) 2), new ProduceResponse(),
                    (short) 9);
            assertEquals(ErrorCode.INVALID_REQUIRED_ACKS.code(), response.responses().get(0).partitionResponses().get(0)
                    .errorCode());
        } finally {
            records.release();
        }
    }

    @Test
    void acksZeroGetsNoResponseButIsWrittenAndTheConnectionGoesOn() throws Exception {
        long end = logEnd("p", 0);
        ByteBuf records = batch(4);
        try {
            client.send(produce("p", topicId, 0, records, (short) 0), (short) 9);
        } finally {
            records.release();
        }
        int correlation = client.send(new ApiVersionsRequest().setClientSoftwareName("t").setClientSoftwareVersion("1"),
                (short) 3);
        // The next frame on the wire answers ApiVersions: the produce got none.
        ApiVersionsResponse versions = client.receive(new ApiVersionsResponse(), (short) 3, correlation);
        assertEquals(ErrorCode.NONE.code(), versions.errorCode());
        assertEquals(end + 4, logEnd("p", 0));
    }

    @Test
    void anAcksZeroProduceThatFailsClosesTheConnectionAsKafkaDoes() throws Exception {
        ByteBuf records = batch(1);
        try {
            client.send(produce("no-such-topic", UUID.randomUUID(), 0, records, (short) 0), (short) 9);
        } finally {
            records.release();
        }
        assertTrue(client.isClosedByPeer(), "the client learns of the error by the closed connection");
    }

    @Test
    void aBatchOverMaxMessageBytesIsMessageTooLarge() throws Exception {
        UUID small = broker.createTopic("small", 1, Map.of("max.message.bytes", "200"));
        RecordBatchBuilder builder = RecordBatchBuilder.of(CompressionType.NONE);
        builder.append(System.currentTimeMillis(), null, new byte[500]);
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE.code(),
                produceOne(client, (short) 9, "small", small, 0, builder.build()).errorCode());
    }

    @Test
    void logAppendTimeTopicsStampTheBatchAndAnswerTheTime() throws Exception {
        UUID id = broker.createTopic("stamped", 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long before = System.currentTimeMillis();
        ProduceResponse.PartitionProduceResponse response = produceOne(client, (short) 9, "stamped", id, 0,
                batch(RecordBatchBuilder.of(CompressionType.NONE), 2, 1_000L));
        assertEquals(ErrorCode.NONE.code(), response.errorCode());
        assertTrue(response.logAppendTimeMs() >= before, "log append time " + response.logAppendTimeMs());
        FetchResponse.PartitionData data = fetchOne(client, (short) 12, fetch("stamped", id, 0, 0, 1 << 20));
        RecordBatch stored = batches(data.records()).get(0);
        assertEquals(response.logAppendTimeMs(), stored.maxTimestamp());
        assertEquals(io.samsa.protocol.record.TimestampType.LOG_APPEND_TIME, stored.timestampType());
    }

    @Test
    void anIdempotentRetryGetsItsOriginalOffsetAndIsStoredOnce() throws Exception {
        InitProducerIdResponse init = client.call(new InitProducerIdRequest().setTransactionalId(null)
                .setTransactionTimeoutMs(60_000), new InitProducerIdResponse(), (short) 4);
        long pid = init.producerId();
        assertEquals(0, init.producerEpoch());
        UUID id = broker.createTopic("idem", 1);
        ByteBuf first = idempotentBatch(pid, (short) 0, 0, 3);
        ByteBuf retry = first.copy();
        assertEquals(0, produceOne(client, (short) 11, "idem", id, 0, first).baseOffset());
        assertEquals(3, produceOne(client, (short) 11, "idem", id, 0, idempotentBatch(pid, (short) 0, 3, 2)).baseOffset());
        ProduceResponse.PartitionProduceResponse duplicate = produceOne(client, (short) 11, "idem", id, 0, retry);
        assertEquals(ErrorCode.NONE.code(), duplicate.errorCode(), "a duplicate is a success");
        assertEquals(0, duplicate.baseOffset(), "with the offset the batch got the first time");
        assertEquals(5, logEnd("idem", 0), "stored once");

        ProduceResponse.PartitionProduceResponse gap = produceOne(client, (short) 11, "idem", id, 0,
                idempotentBatch(pid, (short) 0, 9, 1));
        assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER.code(), gap.errorCode());

        assertEquals(ErrorCode.NONE.code(),
                produceOne(client, (short) 11, "idem", id, 0, idempotentBatch(pid, (short) 1, 0, 1)).errorCode(),
                "a new epoch starts at sequence 0");
        assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH.code(),
                produceOne(client, (short) 11, "idem", id, 0, idempotentBatch(pid, (short) 0, 5, 1)).errorCode(),
                "the older epoch is fenced");
        assertEquals(6, logEnd("idem", 0));
    }

    @Test
    void transactionalBatchesGetKafkasAnswersForAnUnknownTransactionalId() throws Exception {
        ByteBuf transactional = batch(RecordBatchBuilder.of(CompressionType.NONE).producer(4242, (short) 0, 0)
                .transactional(true), 1, System.currentTimeMillis());
        ByteBuf again = transactional.copy();
        try {
            ProduceRequest noId = produce("p", topicId, 0, transactional, (short) -1);
            ProduceResponse refused = client.call(noId, new ProduceResponse(), (short) 9);
            assertEquals(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code(),
                    refused.responses().get(0).partitionResponses().get(0).errorCode());
            ProduceRequest withId = produce("p", topicId, 0, again, (short) -1).setTransactionalId("tx-1");
            ProduceResponse unmapped = client.call(withId, new ProduceResponse(), (short) 9);
            assertEquals(ErrorCode.INVALID_PRODUCER_ID_MAPPING.code(),
                    unmapped.responses().get(0).partitionResponses().get(0).errorCode());
        } finally {
            transactional.release();
            again.release();
        }
    }

    @Test
    void aRequestSpanningTopicsAnswersEachPartition() throws Exception {
        ByteBuf a = batch(1);
        ByteBuf b = batch(1);
        ByteBuf c = batch(1);
        ProduceRequest request = new ProduceRequest().setAcks((short) 1).setTimeoutMs(1000).setTopicData(new ArrayList<>(List.of(
                new ProduceRequest.TopicProduceData().setName("p").setTopicId(topicId).setPartitionData(new ArrayList<>(List.of(
                        new ProduceRequest.PartitionProduceData().setIndex(0).setRecords(a),
                        new ProduceRequest.PartitionProduceData().setIndex(1).setRecords(b)))),
                new ProduceRequest.TopicProduceData().setName("missing").setTopicId(UUID.randomUUID())
                        .setPartitionData(new ArrayList<>(List.of(new ProduceRequest.PartitionProduceData().setIndex(0)
                                .setRecords(c)))))));
        try {
            ProduceResponse response = client.call(request, new ProduceResponse(), (short) 12);
            assertEquals(2, response.responses().size());
            assertEquals(List.of((short) 0, (short) 0), response.responses().get(0).partitionResponses().stream()
                    .map(ProduceResponse.PartitionProduceResponse::errorCode).toList());
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(),
                    response.responses().get(1).partitionResponses().get(0).errorCode());
        } finally {
            a.release();
            b.release();
            c.release();
        }
    }

    @Test
    void clientsMayNotWriteToInternalTopics() throws Exception {
        UUID offsets = broker.createTopic("__consumer_offsets", 1);
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION.code(),
                produceOne(client, (short) 12, "__consumer_offsets", offsets, 0, batch(1)).errorCode());
        assertEquals(0, logEnd("__consumer_offsets", 0));
    }
}
