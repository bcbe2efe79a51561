package io.samsa.broker.api.data;

import static io.samsa.broker.api.data.Protocol.batch;
import static io.samsa.broker.api.data.Protocol.produceOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DeleteRecordsRequest;
import io.samsa.protocol.message.DeleteRecordsResponse;
import io.samsa.protocol.message.InitProducerIdRequest;
import io.samsa.protocol.message.InitProducerIdResponse;
import io.samsa.protocol.message.ListOffsetsRequest;
import io.samsa.protocol.message.ListOffsetsResponse;
import io.samsa.protocol.message.OffsetForLeaderEpochRequest;
import io.samsa.protocol.message.OffsetForLeaderEpochResponse;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ListOffsets, OffsetForLeaderEpoch, DeleteRecords and InitProducerId at the protocol level. */
class OffsetsProtocolTest {
    /** Record i of topic "o" has timestamp BASE + 10 * i; two batches of 5 (offsets 0–9). */
    private static final long BASE = System.currentTimeMillis() - 60_000;
    @TempDir
    static Path dir;
    static DataTestBroker broker;
    RawKafkaClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = DataTestBroker.start(dir);
        UUID id = broker.createTopic("o", 1);
        try (RawKafkaClient producer = new RawKafkaClient("127.0.0.1", broker.port())) {
            for (int b = 0; b < 2; b++) {
                RecordBatchBuilder builder = RecordBatchBuilder.of(CompressionType.LZ4);
                for (int i = 0; i < 5; i++) {
                    int n = b * 5 + i;
                    // timestamps inside a batch need not be ordered: record 7 carries the largest
                    builder.append(n == 7 ? BASE + 1_000 : BASE + 10L * n, null, new byte[] {(byte) n});
                }
                produceOne(producer, (short) 9, "o", id, 0, builder.build());
            }
        }
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

    private ListOffsetsResponse.ListOffsetsPartitionResponse listOffsets(short version, String topic, long timestamp)
            throws Exception {
        return listOffsets(version, topic, timestamp, -1, (byte) 0);
    }

    private ListOffsetsResponse.ListOffsetsPartitionResponse listOffsets(short version, String topic, long timestamp,
                                                                         int currentLeaderEpoch, byte isolation)
            throws Exception {
        ListOffsetsRequest request = new ListOffsetsRequest().setReplicaId(-1).setIsolationLevel(isolation)
                .setTopics(new ArrayList<>(List.of(new ListOffsetsRequest.ListOffsetsTopic().setName(topic)
                        .setPartitions(new ArrayList<>(List.of(new ListOffsetsRequest.ListOffsetsPartition()
                                .setPartitionIndex(0).setTimestamp(timestamp).setCurrentLeaderEpoch(currentLeaderEpoch)))))));
        return client.call(request, new ListOffsetsResponse(), version).topics().get(0).partitions().get(0);
    }

    private static void assertAnswer(ListOffsetsResponse.ListOffsetsPartitionResponse response, long offset, long timestamp) {
        assertEquals(ErrorCode.NONE.code(), response.errorCode());
        assertEquals(offset, response.offset(), "offset");
        assertEquals(timestamp, response.timestamp(), "timestamp");
    }

    @Test
    void latestEarliestAndTimestampsAtEveryVersion() throws Exception {
        for (short version = 1; version <= 11; version++) {
            assertAnswer(listOffsets(version, "o", -1L), 10, -1);
            assertAnswer(listOffsets(version, "o", -2L), 0, -1);
            assertAnswer(listOffsets(version, "o", BASE + 25), 3, BASE + 30); // inside the first batch
            assertAnswer(listOffsets(version, "o", BASE + 10), 1, BASE + 10);
            if (version >= 4) {
                assertEquals(0, listOffsets(version, "o", -1L).leaderEpoch(), "the leader epoch, from v4");
            }
        }
    }

    @Test
    void aTimestampAfterEveryRecordFindsNothing() throws Exception {
        ListOffsetsResponse.ListOffsetsPartitionResponse none = listOffsets((short) 9, "o", BASE + 5_000);
        assertAnswer(none, -1, -1);
        assertEquals(-1, none.leaderEpoch());
    }

    @Test
    void maxTimestampFindsTheRecordHoldingItFromVersion7() throws Exception {
        assertAnswer(listOffsets((short) 7, "o", -3L), 7, BASE + 1_000);
        assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), listOffsets((short) 6, "o", -3L).errorCode());
    }

    @Test
    void tieredStorageSpecsAnswerAsKafkaWithoutTieredStorage() throws Exception {
        assertAnswer(listOffsets((short) 8, "o", -4L), 0, -1); // earliest-local: the log start
        assertAnswer(listOffsets((short) 9, "o", -5L), -1, -1); // latest-tiered: nothing is tiered
        assertAnswer(listOffsets((short) 11, "o", -6L), -1, -1); // earliest-pending-upload
        assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), listOffsets((short) 7, "o", -4L).errorCode());
        assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), listOffsets((short) 10, "o", -6L).errorCode());
        assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), listOffsets((short) 11, "o", -7L).errorCode());
    }

    @Test
    void readCommittedLatestIsTheLastStableOffset() throws Exception {
        assertAnswer(listOffsets((short) 5, "o", -1L, -1, (byte) 1), 10, -1);
    }

    @Test
    void errorsPerPartition() throws Exception {
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), listOffsets((short) 5, "none", -1L).errorCode());
        assertEquals(ErrorCode.FENCED_LEADER_EPOCH.code(), listOffsets((short) 5, "o", -1L, -5, (byte) 0).errorCode());
        assertEquals(ErrorCode.UNKNOWN_LEADER_EPOCH.code(), listOffsets((short) 5, "o", -1L, 1, (byte) 0).errorCode());
        ListOffsetsRequest twice = new ListOffsetsRequest().setReplicaId(-1).setTopics(new ArrayList<>(List.of(
                new ListOffsetsRequest.ListOffsetsTopic().setName("o").setPartitions(new ArrayList<>(List.of(
                        new ListOffsetsRequest.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1),
                        new ListOffsetsRequest.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-2)))))));
        ListOffsetsResponse response = client.call(twice, new ListOffsetsResponse(), (short) 5);
        for (ListOffsetsResponse.ListOffsetsPartitionResponse p : response.topics().get(0).partitions()) {
            assertEquals(ErrorCode.INVALID_REQUEST.code(), p.errorCode(), "a partition named twice");
        }
    }

    private OffsetForLeaderEpochResponse.EpochEndOffset epochEnd(short version, String topic, int leaderEpoch,
                                                                  int currentLeaderEpoch) throws Exception {
        OffsetForLeaderEpochRequest request = new OffsetForLeaderEpochRequest().setReplicaId(-1).setTopics(new ArrayList<>(
                List.of(new OffsetForLeaderEpochRequest.OffsetForLeaderTopic().setTopic(topic).setPartitions(new ArrayList<>(
                        List.of(new OffsetForLeaderEpochRequest.OffsetForLeaderPartition().setPartition(0)
                                .setLeaderEpoch(leaderEpoch).setCurrentLeaderEpoch(currentLeaderEpoch)))))));
        return client.call(request, new OffsetForLeaderEpochResponse(), version).topics().get(0).partitions().get(0);
    }

    @Test
    void offsetForLeaderEpochFromVersion2() throws Exception {
        for (short version = 2; version <= 4; version++) {
            OffsetForLeaderEpochResponse.EpochEndOffset current = epochEnd(version, "o", 0, 0);
            assertEquals(ErrorCode.NONE.code(), current.errorCode());
            assertEquals(0, current.leaderEpoch());
            assertEquals(10, current.endOffset(), "the current epoch ends at the log end");
            OffsetForLeaderEpochResponse.EpochEndOffset unknown = epochEnd(version, "o", 5, -1);
            assertEquals(ErrorCode.NONE.code(), unknown.errorCode());
            assertEquals(-1, unknown.leaderEpoch());
            assertEquals(-1, unknown.endOffset());
        }
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), epochEnd((short) 2, "none", 0, -1).errorCode());
        assertEquals(ErrorCode.UNKNOWN_LEADER_EPOCH.code(), epochEnd((short) 2, "o", 0, 4).errorCode());
    }

    private DeleteRecordsResponse.DeleteRecordsPartitionResult deleteRecords(short version, String topic, long offset)
            throws Exception {
        DeleteRecordsRequest request = new DeleteRecordsRequest().setTimeoutMs(1000).setTopics(new ArrayList<>(List.of(
                new DeleteRecordsRequest.DeleteRecordsTopic().setName(topic).setPartitions(new ArrayList<>(List.of(
                        new DeleteRecordsRequest.DeleteRecordsPartition().setPartitionIndex(0).setOffset(offset)))))));
        return client.call(request, new DeleteRecordsResponse(), version).topics().get(0).partitions().get(0);
    }

    @Test
    void deleteRecordsMovesTheLogStartUpToTheHighWatermark() throws Exception {
        UUID id = broker.createTopic("trim", 1);
        for (int i = 0; i < 3; i++) {
            produceOne(client, (short) 9, "trim", id, 0, batch(2));
        }
        DeleteRecordsResponse.DeleteRecordsPartitionResult beyond = deleteRecords((short) 0, "trim", 7);
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE.code(), beyond.errorCode());
        assertEquals(-1, beyond.lowWatermark());
        DeleteRecordsResponse.DeleteRecordsPartitionResult some = deleteRecords((short) 1, "trim", 3);
        assertEquals(ErrorCode.NONE.code(), some.errorCode());
        assertEquals(3, some.lowWatermark());
        assertAnswer(listOffsets((short) 5, "trim", -2L), 3, -1);
        DeleteRecordsResponse.DeleteRecordsPartitionResult all = deleteRecords((short) 2, "trim", -1);
        assertEquals(6, all.lowWatermark(), "-1 means the high watermark");
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), deleteRecords((short) 2, "none", 0).errorCode());
        broker.createTopic("__transaction_state", 1);
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION.code(),
                deleteRecords((short) 2, "__transaction_state", 0).errorCode(), "internal topics refuse");
    }

    @Test
    void idempotentProducersGetFreshIdsAtEpochZeroFromEveryVersion() throws Exception {
        Set<Long> ids = new HashSet<>();
        for (short version = 0; version <= 5; version++) {
            InitProducerIdResponse response = client.call(new InitProducerIdRequest().setTransactionalId(null)
                    .setTransactionTimeoutMs(-1), new InitProducerIdResponse(), version);
            assertEquals(ErrorCode.NONE.code(), response.errorCode());
            assertEquals(0, response.producerEpoch());
            assertTrue(response.producerId() >= 0);
            assertTrue(ids.add(response.producerId()), "ids are never reused");
        }
        InitProducerIdResponse bump = client.call(new InitProducerIdRequest().setTransactionalId(null)
                .setProducerId(ids.iterator().next()).setProducerEpoch((short) 0), new InitProducerIdResponse(), (short) 4);
        assertEquals(ErrorCode.NONE.code(), bump.errorCode(), "KIP-360: an idempotent producer may ask again");
        assertTrue(ids.add(bump.producerId()));
        InitProducerIdResponse half = client.call(new InitProducerIdRequest().setTransactionalId(null)
                .setProducerId(5).setProducerEpoch((short) -1), new InitProducerIdResponse(), (short) 4);
        assertEquals(ErrorCode.INVALID_REQUEST.code(), half.errorCode());
    }

    @Test
    void transactionalIdsGetACleanErrorAfterKafkasOwnValidation() throws Exception {
        assertEquals(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code(), initTransactional("tx", 60_000).errorCode());
        assertEquals(-1, initTransactional("tx", 60_000).producerId());
        assertEquals(ErrorCode.INVALID_TRANSACTION_TIMEOUT.code(), initTransactional("tx", 900_001).errorCode(),
                "above transaction.max.timeout.ms (15 min)");
        assertEquals(ErrorCode.INVALID_TRANSACTION_TIMEOUT.code(), initTransactional("tx", 0).errorCode());
        assertEquals(ErrorCode.INVALID_REQUEST.code(), initTransactional("", 60_000).errorCode());
    }

    private InitProducerIdResponse initTransactional(String transactionalId, int timeoutMs) throws Exception {
        return client.call(new InitProducerIdRequest().setTransactionalId(transactionalId)
                .setTransactionTimeoutMs(timeoutMs), new InitProducerIdResponse(), (short) 5);
    }
}
