package io.samsa.broker.api.data;

import static io.samsa.broker.api.data.Protocol.batch;
import static io.samsa.broker.api.data.Protocol.batches;
import static io.samsa.broker.api.data.Protocol.fetch;
import static io.samsa.broker.api.data.Protocol.fetchOne;
import static io.samsa.broker.api.data.Protocol.fetchTopic;
import static io.samsa.broker.api.data.Protocol.produceOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.partition.Partition;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.FetchRequest;
import io.samsa.protocol.message.FetchResponse;
import io.samsa.protocol.record.RecordBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetch at the protocol level: versions, limits, errors, sessions and the long poll. */
class FetchProtocolTest {
    @TempDir
    static Path dir;
    static DataTestBroker broker;
    /** Topic "f": partition 0 holds 5 batches of 4 records (offsets 0–19), partition 1 one batch of 2. */
    static UUID topicId;
    static int batchSize;
    RawKafkaClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = DataTestBroker.start(dir);
        topicId = broker.createTopic("f", 2);
        try (RawKafkaClient producer = new RawKafkaClient("127.0.0.1", broker.port())) {
            for (int i = 0; i < 5; i++) {
                var records = batch(4);
                batchSize = records.readableBytes();
                produceOne(producer, (short) 9, "f", topicId, 0, records);
            }
            produceOne(producer, (short) 9, "f", topicId, 1, batch(2));
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

    private static List<Long> baseOffsets(FetchResponse.PartitionData data) {
        return batches(data.records()).stream().map(RecordBatch::baseOffset).toList();
    }

    @Test
    void everyVersionFrom4To18ReadsTheLog() throws Exception {
        for (short version = 4; version <= 18; version++) {
            FetchResponse response = client.call(fetch("f", topicId, 0, 0, 1 << 20), new FetchResponse(), version);
            FetchResponse.FetchableTopicResponse topic = response.responses().get(0);
            if (version >= 13) {
                assertEquals(topicId, topic.topicId(), "KIP-516");
            } else {
                assertEquals("f", topic.topic());
            }
            FetchResponse.PartitionData data = topic.partitions().get(0);
            assertEquals(ErrorCode.NONE.code(), data.errorCode(), "v" + version);
            assertEquals(20, data.highWatermark());
            assertEquals(20, data.lastStableOffset());
            assertEquals(-1, data.preferredReadReplica());
            if (version >= 5) {
                assertEquals(0, data.logStartOffset());
            }
            assertEquals(List.of(0L, 4L, 8L, 12L, 16L), baseOffsets(data), "v" + version);
            assertEquals(0, response.sessionId(), "sessionless");
        }
    }

    @Test
    void aFetchInsideABatchReturnsTheWholeBatch() throws Exception {
        FetchResponse.PartitionData data = fetchOne(client, (short) 12, fetch("f", topicId, 0, 6, 1 << 20));
        assertEquals(List.of(4L, 8L, 12L, 16L), baseOffsets(data));
    }

    @Test
    void maxBytesBoundsTheResponseButTheFirstBatchAlwaysComes() throws Exception {
        FetchRequest request = fetch("f", topicId, 0, 0, 1 << 20).setMaxBytes(batchSize * 2 + 10);
        assertEquals(List.of(0L, 4L), baseOffsets(fetchOne(client, (short) 12, request)), "max_bytes: two batches fit");

        FetchResponse.PartitionData tinyPartitionLimit = fetchOne(client, (short) 12, fetch("f", topicId, 0, 0, 10));
        assertEquals(List.of(0L), baseOffsets(tinyPartitionLimit), "KIP-74: at least the first batch");

        FetchRequest both = fetch("f", topicId, 0, 0, 1 << 20).setMaxBytes(1);
        both.topics().add(fetchTopic("f", topicId, 1, 0, 1 << 20));
        FetchResponse response = client.call(both, new FetchResponse(), (short) 12);
        assertEquals(List.of(0L), baseOffsets(response.responses().get(0).partitions().get(0)));
        FetchResponse.PartitionData second = response.responses().get(1).partitions().get(0);
        assertEquals(ErrorCode.NONE.code(), second.errorCode());
        assertEquals(0, second.records().readableBytes(), "only the first partition with data may exceed the limit");
    }

    @Test
    void offsetsOutsideTheLogAreOutOfRange() throws Exception {
        FetchResponse.PartitionData beyond = fetchOne(client, (short) 12, fetch("f", topicId, 0, 21, 1 << 20));
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE.code(), beyond.errorCode());
        assertEquals(-1, beyond.highWatermark());
        assertEquals(0, beyond.records().readableBytes());
        FetchResponse.PartitionData atEnd = fetchOne(client, (short) 12, fetch("f", topicId, 0, 20, 1 << 20));
        assertEquals(ErrorCode.NONE.code(), atEnd.errorCode(), "the log end itself is a valid position");
        assertEquals(0, atEnd.records().readableBytes());
    }

    @Test
    void unknownTopicsPartitionsAndIdsAreErrors() throws Exception {
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(),
                fetchOne(client, (short) 12, fetch("nope", topicId, 0, 0, 100)).errorCode());
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(),
                fetchOne(client, (short) 12, fetch("f", topicId, 5, 0, 100)).errorCode());
        UUID unknown = UUID.randomUUID();
        FetchResponse response = client.call(fetch("f", unknown, 0, 0, 100), new FetchResponse(), (short) 13);
        assertEquals(unknown, response.responses().get(0).topicId());
        assertEquals(ErrorCode.UNKNOWN_TOPIC_ID.code(), response.responses().get(0).partitions().get(0).errorCode());
    }

    @Test
    void aStaleOrFutureLeaderEpochIsFencedOrUnknown() throws Exception {
        UUID id = broker.createTopic("epochs", 1);
        broker.broker.services().metadata().changePartition(id, 0, 1, 2, null, null).get();
        assertEquals(2, broker.broker.services().partitions().partition(id, 0).orElseThrow().leaderEpoch(),
                "the partition follows the metadata");
        assertEquals(ErrorCode.FENCED_LEADER_EPOCH.code(), fetchAtEpoch(id, 1).errorCode());
        assertEquals(ErrorCode.UNKNOWN_LEADER_EPOCH.code(), fetchAtEpoch(id, 3).errorCode());
        assertEquals(ErrorCode.NONE.code(), fetchAtEpoch(id, 2).errorCode());
        assertEquals(ErrorCode.NONE.code(), fetchAtEpoch(id, Partition.NO_EPOCH_CHECK).errorCode());
    }

    private FetchResponse.PartitionData fetchAtEpoch(UUID id, int currentLeaderEpoch) throws Exception {
        FetchRequest request = fetch("epochs", id, 0, 0, 100);
        request.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(currentLeaderEpoch);
        return fetchOne(client, (short) 12, request);
    }

    @Test
    void readCommittedGetsAnEmptyAbortedListAndTheLastStableOffset() throws Exception {
        FetchResponse.PartitionData committed = fetchOne(client, (short) 12,
                fetch("f", topicId, 1, 0, 1 << 20).setIsolationLevel((byte) 1));
        assertNotNull(committed.abortedTransactions());
        assertTrue(committed.abortedTransactions().isEmpty());
        assertEquals(2, committed.lastStableOffset());
        FetchResponse.PartitionData uncommitted = fetchOne(client, (short) 12, fetch("f", topicId, 1, 0, 1 << 20));
        assertNull(uncommitted.abortedTransactions(), "as Kafka: null for read_uncommitted");
    }

    @Test
    void incrementalSessionsAreUnknownAndFullFetchesSessionless() throws Exception {
        FetchResponse incremental = client.call(fetch("f", topicId, 0, 0, 100).setSessionId(123).setSessionEpoch(1),
                new FetchResponse(), (short) 12);
        assertEquals(ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code(), incremental.errorCode());
        assertTrue(incremental.responses().isEmpty());
        FetchResponse full = client.call(fetch("f", topicId, 0, 0, 100).setSessionId(0).setSessionEpoch(0),
                new FetchResponse(), (short) 12);
        assertEquals(ErrorCode.NONE.code(), full.errorCode());
        assertEquals(0, full.sessionId(), "no session is created: the client keeps sending full fetches");
    }

    @Test
    void aLongPollReturnsWhenDataArrivesNotAfterTheWait() throws Exception {
        UUID id = broker.createTopic("poll", 1);
        FetchRequest request = fetch("poll", id, 0, 0, 1 << 20).setMaxWaitMs(30_000).setMinBytes(1);
        long start = System.nanoTime();
        int correlation = client.send(request, (short) 12);
        Partition partition = broker.broker.services().partitions().partition(new TopicPartition("poll", 0)).orElseThrow();
        awaitWaitingFetch(partition);
        try (RawKafkaClient producer = new RawKafkaClient("127.0.0.1", broker.port())) {
            produceOne(producer, (short) 9, "poll", id, 0, batch(3));
        }
        FetchResponse response = client.receive(new FetchResponse(), (short) 12, correlation);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 10_000, "answered after " + tookMs + " ms of a 30 s wait");
        assertEquals(List.of(0L), baseOffsets(response.responses().get(0).partitions().get(0)));
        assertEquals(0, partition.delayedFetchCount(), "no longer waiting");
    }

    @Test
    void aLongPollWithoutDataAnswersEmptyAfterMaxWait() throws Exception {
        UUID id = broker.createTopic("quiet", 1);
        long start = System.nanoTime();
        FetchResponse.PartitionData data = fetchOne(client, (short) 12,
                fetch("quiet", id, 0, 0, 1 << 20).setMaxWaitMs(300).setMinBytes(1));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ErrorCode.NONE.code(), data.errorCode());
        assertEquals(0, data.records().readableBytes());
        assertTrue(tookMs >= 250 && tookMs < 5_000, "waited " + tookMs + " ms for a max wait of 300 ms");
    }

    @Test
    void minBytesAccumulatesOverSeveralAppends() throws Exception {
        UUID id = broker.createTopic("accumulate", 1);
        var sample = batch(1);
        int one = sample.readableBytes(); // the size of every single-record batch below
        sample.release();
        int correlation = client.send(fetch("accumulate", id, 0, 0, 1 << 20).setMaxWaitMs(30_000)
                .setMinBytes(one * 3), (short) 12);
        Partition partition = broker.broker.services().partitions().partition(new TopicPartition("accumulate", 0))
                .orElseThrow();
        try (RawKafkaClient producer = new RawKafkaClient("127.0.0.1", broker.port())) {
            for (int i = 0; i < 3; i++) {
                awaitWaitingFetch(partition);
                produceOne(producer, (short) 9, "accumulate", id, 0, batch(1));
            }
        }
        FetchResponse response = client.receive(new FetchResponse(), (short) 12, correlation);
        assertEquals(List.of(0L, 1L, 2L), baseOffsets(response.responses().get(0).partitions().get(0)));
    }

    @Test
    void partitionsAreAnsweredInRequestOrderGroupedByTopic() throws Exception {
        FetchRequest request = new FetchRequest().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                .setTopics(new ArrayList<>(List.of(fetchTopic("f", topicId, 1, 0, 1 << 20),
                        fetchTopic("f", topicId, 0, 16, 1 << 20))));
        FetchResponse response = client.call(request, new FetchResponse(), (short) 11);
        assertEquals(2, response.responses().size());
        assertEquals(1, response.responses().get(0).partitions().get(0).partitionIndex());
        assertEquals(List.of(16L), baseOffsets(response.responses().get(1).partitions().get(0)));
    }

    /** Waits (bounded) until the broker has parked a fetch on the partition. */
    private static void awaitWaitingFetch(Partition partition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (partition.delayedFetchCount() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no fetch is waiting on " + partition);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
