package io.samsa.broker.api.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.partition.FetchIsolation;
import io.samsa.broker.partition.Partition;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.RecordBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data path through kafka-clients 4.4: producers, consumers and the Admin client's record APIs. */
class KafkaClientsDataTest {
    @TempDir
    static Path dir;
    static DataTestBroker broker;

    @BeforeAll
    static void start() {
        broker = DataTestBroker.start(dir);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, String> overrides) {
        Properties props = broker.producerProps();
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, String> overrides) {
        Properties props = broker.consumerProps();
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    /** Reads {@code count} records of partition 0 from {@code offset}, within a bounded time. */
    static List<ConsumerRecord<byte[], byte[]>> read(KafkaConsumer<byte[], byte[]> consumer, String topic, long offset,
                                                     int count) {
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        assertEquals(count, records.size(), "records read from " + topic);
        return records;
    }

    static List<ConsumerRecord<byte[], byte[]>> read(String topic, long offset, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(Map.of())) {
            return read(consumer, topic, offset, count);
        }
    }

    private static Partition partition(String topic) {
        return broker.broker.services().partitions().partition(new io.samsa.broker.log.TopicPartition(topic, 0))
                .orElseThrow();
    }

    /** The batches of a partition exactly as stored. */
    private static List<RecordBatch> storedBatches(String topic) throws Exception {
        Partition partition = partition(topic);
        FetchDataInfo info = partition.read(0, Integer.MAX_VALUE, FetchIsolation.LOG_END, true);
        return RecordBatch.viewAll(io.netty.buffer.Unpooled.wrappedBuffer(info.records().toByteBuffer()));
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), UTF_8)).toList();
    }

    @Test
    void theDefaultProducerIsIdempotentWithAcksAllAndEveryRecordArrivesOnceInOrder() throws Exception {
        broker.createTopic("default", 1);
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                sent.add("v" + i);
                acks.add(producer.send(new ProducerRecord<>("default", ("k" + i).getBytes(UTF_8), ("v" + i).getBytes(UTF_8))));
            }
            for (int i = 0; i < acks.size(); i++) {
                assertEquals(i, acks.get(i).get(10, TimeUnit.SECONDS).offset());
            }
        }
        assertEquals(sent, values(read("default", 0, 300)));
        assertTrue(storedBatches("default").stream().allMatch(b -> b.producerId() >= 0 && b.baseSequence() >= 0),
                "idempotent batches: producer id and sequence");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1"})
    void producersWithAcksZeroAndOneDeliver(String acks) throws Exception {
        String topic = "acks-" + acks;
        broker.createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of(ProducerConfig.ACKS_CONFIG, acks,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"))) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, ("v" + i).getBytes(UTF_8)));
            }
            producer.flush();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("v" + i);
        }
        assertEquals(expected, values(read(topic, 0, 20)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void everyCompressionTypeIsStoredCompressedAndReadBack(String codec) throws Exception {
        String topic = "compressed-" + codec;
        broker.createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                ProducerConfig.LINGER_MS_CONFIG, "50"))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, ("key" + i).getBytes(UTF_8), ("value-" + i).repeat(20).getBytes(UTF_8)));
            }
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> records = read(topic, 0, 100);
        assertEquals("value-42".repeat(20), new String(records.get(42).value(), UTF_8));
        for (RecordBatch batch : storedBatches(topic)) {
            assertEquals(CompressionType.forName(codec), batch.compressionType(), "stored as the producer compressed it");
        }
    }

    @Test
    void headersAndNullKeysAndValuesSurvive() throws Exception {
        broker.createTopic("shapes", 1);
        List<Header> headers = List.of(new RecordHeader("trace", "abc".getBytes(UTF_8)), new RecordHeader("empty", null));
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<byte[], byte[]>("shapes", 0, null, "no key".getBytes(UTF_8), headers)).get();
            producer.send(new ProducerRecord<>("shapes", 0, "tombstone".getBytes(UTF_8), null)).get();
            producer.send(new ProducerRecord<>("shapes", 0, null, null)).get();
        }
        List<ConsumerRecord<byte[], byte[]>> records = read("shapes", 0, 3);
        assertNull(records.get(0).key());
        assertArrayEquals("abc".getBytes(UTF_8), records.get(0).headers().lastHeader("trace").value());
        assertNull(records.get(0).headers().lastHeader("empty").value());
        assertArrayEquals("tombstone".getBytes(UTF_8), records.get(1).key());
        assertNull(records.get(1).value());
        assertNull(records.get(2).key());
        assertNull(records.get(2).value());
    }

    @Test
    void aNineHundredKilobyteRecordGoesThroughAndAnOverLimitOneIsRefused() throws Exception {
        broker.createTopic("big", 1);
        byte[] value = new byte[900 * 1024];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        broker.createTopic("capped", 1, Map.of("max.message.bytes", "100000"));
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>("big", value)).get();
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("capped", new byte[200_000])).get());
            assertInstanceOf(RecordTooLargeException.class, refused.getCause(),
                    "the broker's MESSAGE_TOO_LARGE: " + refused.getCause());
        }
        assertArrayEquals(value, read("big", 0, 1).get(0).value());
        assertEquals(0, partition("capped").log().logEndOffset());
    }

    @Test
    void assignAndSeekReadFromTheOffsetAsked() throws Exception {
        broker.createTopic("seek", 1);
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("seek", ("v" + i).getBytes(UTF_8)));
            }
        }
        List<ConsumerRecord<byte[], byte[]>> records = read("seek", 6, 4);
        assertEquals(6, records.get(0).offset(), "records before the seek position are skipped even inside a batch");
        assertEquals(List.of("v6", "v7", "v8", "v9"), values(records));
    }

    @Test
    void offsetsForTimesBeginningAndEndOffsetsAndDeleteRecords() throws Exception {
        broker.createTopic("times", 1);
        long t0 = System.currentTimeMillis() - 100_000;
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("times", 0, t0 + i * 1_000L, null, ("v" + i).getBytes(UTF_8)));
            }
        }
        TopicPartition tp = new TopicPartition("times", 0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(Map.of())) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(tp, t0 + 2_500));
            assertEquals(3, found.get(tp).offset());
            assertEquals(t0 + 3_000, found.get(tp).timestamp());
            assertNull(consumer.offsetsForTimes(Map.of(tp, t0 + 60_000)).get(tp), "no record that late");
            assertEquals(0L, consumer.beginningOffsets(List.of(tp)).get(tp));
            assertEquals(10L, consumer.endOffsets(List.of(tp)).get(tp));

            Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            try (Admin admin = Admin.create(adminProps)) {
                var maxTimestamp = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.maxTimestamp()))
                        .partitionResult(tp).get(10, TimeUnit.SECONDS);
                assertEquals(9, maxTimestamp.offset(), "the record with the largest timestamp");
                assertEquals(t0 + 9_000, maxTimestamp.timestamp());
                assertEquals(10, admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .partitionResult(tp).get(10, TimeUnit.SECONDS).offset());
                long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4))).lowWatermarks().get(tp)
                        .get(10, TimeUnit.SECONDS).lowWatermark();
                assertEquals(4, low);
            }
            assertEquals(4L, consumer.beginningOffsets(List.of(tp)).get(tp));
            assertEquals(4, read(consumer, "times", 4, 6).get(0).offset());
        }
    }

    @Test
    void aLongPollReturnsWhenDataArrivesNotAfterTheWait() throws Exception {
        broker.createTopic("longpoll", 1);
        TopicPartition tp = new TopicPartition("longpoll", 0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20000",
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1"));
             KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            producer.partitionsFor("longpoll"); // connect before timing
            CompletableFuture<Long> receivedAt = CompletableFuture.supplyAsync(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    if (!consumer.poll(Duration.ofSeconds(25)).isEmpty()) {
                        return System.nanoTime();
                    }
                }
                return -1L;
            });
            Partition partition = partition("longpoll");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partition.delayedFetchCount() == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(2_000_000);
            }
            assertEquals(1, partition.delayedFetchCount(), "the consumer's fetch is parked on the partition");
            long sentAt = System.nanoTime();
            producer.send(new ProducerRecord<>("longpoll", "wake".getBytes(UTF_8))).get();
            long received = receivedAt.get(30, TimeUnit.SECONDS);
            long latencyMs = (received - sentAt) / 1_000_000;
            assertTrue(received > 0 && latencyMs < 5_000,
                    "the record arrived " + latencyMs + " ms after it was sent, with fetch.max.wait.ms=20000");
            // The consumer has already sent its next 20 s fetch; its close would wait for that answer.
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    @Test
    void everythingReadsBackAfterARestart(@TempDir Path own) throws Exception {
        try (DataTestBroker restarted = DataTestBroker.start(own)) {
            restarted.createTopic("durable", 1);
            Properties props = restarted.producerProps();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>("durable", ("v" + i).getBytes(UTF_8)));
                }
            }
            restarted.restart();
            props = restarted.producerProps();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
                assertEquals(50, producer.send(new ProducerRecord<>("durable", "after".getBytes(UTF_8))).get().offset(),
                        "the log continues where it was");
            }
            Properties consumerProps = restarted.consumerProps();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
                List<ConsumerRecord<byte[], byte[]>> records = read(consumer, "durable", 0, 51);
                assertEquals("v0", new String(records.get(0).value(), UTF_8));
                assertEquals("after", new String(records.get(50).value(), UTF_8));
            }
        }
    }
}
