package io.samsa.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.Broker;
import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.CreateTopicResult;
import io.samsa.broker.metadata.NewTopic;
import io.samsa.broker.partition.FetchIsolation;
import io.samsa.broker.partition.Partition;
import io.samsa.broker.testing.TestBrokers;
import io.samsa.protocol.record.RecordBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9's regression test: kafka-clients producers load a 6-partition topic as the benchmark
 * does (1 KiB records, 64 KiB batches, linger 5 ms, acks=1, 5 requests in flight) through Netty's
 * <b>adaptive</b> allocator, the one under which the broker answered valid batches with
 * CORRUPT_MESSAGE: the event loop appended socket reads into the cumulation buffer while the
 * partitions' writer threads were writing frames sliced from it to their logs. Every send must be
 * acknowledged without an error (retries are off, so no error is hidden), and every batch stored
 * must pass its CRC (the race could also change a batch after validation, before it reached disk).
 * Bounded: it stops sending after {@link #SEND_FOR} or {@link #MAX_RECORDS}.
 */
class ProduceIntegrityUnderLoadTest {
    private static final String TOPIC = "integrity";
    private static final int PARTITIONS = 6;
    private static final int PRODUCERS = 3;
    private static final int RECORD_BYTES = 1024;
    private static final int BATCH_BYTES = 16 * 1024;
    private static final int SOCKET_RECEIVE_BUFFER_BYTES = 8 * 1024;
    private static final long MAX_RECORDS = 400_000;
    private static final Duration SEND_FOR = Duration.ofSeconds(8);

    @TempDir
    Path dir;
    private String allocatorType;
    private Broker broker;

    @BeforeEach
    void startWithTheAdaptiveAllocator() {
        allocatorType = System.getProperty("io.netty.allocator.type");
        System.setProperty("io.netty.allocator.type", "adaptive");
        assertInstanceOf(AdaptiveByteBufAllocator.class, SocketServer.defaultAllocator());
        Map<String, String> props = TestBrokers.singleNodeProps(dir);
        // Small socket reads: many appends into the cumulation per request, each one a chance for the race.
        props.put("socket.receive.buffer.bytes", String.valueOf(SOCKET_RECEIVE_BUFFER_BYTES));
        broker = TestBrokers.start(props);
        CreateTopicResult created = broker.services().metadata()
            .createTopics(List.of(NewTopic.of(TOPIC, PARTITIONS, 1)), false)
            .orTimeout(10, TimeUnit.SECONDS).join().get(TOPIC);
        assertTrue(created.isOk(), created.toString());
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.stop();
        }
        if (allocatorType == null) {
            System.clearProperty("io.netty.allocator.type");
        } else {
            System.setProperty("io.netty.allocator.type", allocatorType);
        }
    }

    @Test
    void everyValidBatchIsAcknowledgedAndStoredIntactUnderMultiPartitionLoad() throws Exception {
        AtomicLong acknowledged = new AtomicLong();
        Queue<Exception> errors = new ConcurrentLinkedQueue<>();
        List<Thread> senders = new ArrayList<>();
        long deadline = System.nanoTime() + SEND_FOR.toNanos();
        for (int p = 0; p < PRODUCERS; p++) {
            int producerId = p;
            Thread sender = new Thread(() -> send(producerId, deadline, acknowledged, errors), "integrity-producer-" + p);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join(Duration.ofSeconds(60).toMillis());
        }

        System.out.println("acknowledged " + acknowledged + ", errors " + errors.size() + ": " + errors.peek());
        assertTrue(errors.isEmpty(), errors.size() + " sends failed, first: " + errors.peek());
        assertTrue(acknowledged.get() > 10_000, "the load really ran: " + acknowledged + " records");
        assertEquals(acknowledged.get(), storedRecordsWithValidCrc(), "every acknowledged record is stored intact");
    }

    private void send(int producerId, long deadline, AtomicLong acknowledged, Queue<Exception> errors) {
        byte[] value = new byte[RECORD_BYTES];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
            for (long i = 0; i < MAX_RECORDS / PRODUCERS && System.nanoTime() < deadline && errors.isEmpty(); i++) {
                value[(int) (i % RECORD_BYTES)] = (byte) (i ^ producerId);
                producer.send(new ProducerRecord<>(TOPIC, (int) (i % PARTITIONS), null, value.clone()), (md, e) -> {
                    if (e == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        errors.add(e);
                    }
                });
            }
            producer.flush();
        }
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.putAll(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.bootstrap(broker),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.ACKS_CONFIG, "1",
            ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(BATCH_BYTES),
            ProducerConfig.LINGER_MS_CONFIG, "5",
            // An error answer must fail the send, not be retried away.
            ProducerConfig.RETRIES_CONFIG, "0",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000"));
        props.put("enable.metrics.push", "false");
        return props;
    }

    /** The records stored in all partitions, after checking each batch's CRC. */
    private long storedRecordsWithValidCrc() throws Exception {
        long records = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            Partition partition = broker.services().partitions().partition(new TopicPartition(TOPIC, p)).orElseThrow();
            FetchDataInfo stored = partition.read(0, Integer.MAX_VALUE, FetchIsolation.LOG_END, true);
            ByteBuf bytes = Unpooled.wrappedBuffer(stored.records().toByteBuffer());
            for (RecordBatch batch : RecordBatch.viewAll(bytes)) {
                assertTrue(batch.isValid(), "partition " + p + ": stored batch at offset " + batch.baseOffset()
                    + " fails its CRC");
                records += batch.recordCount();
            }
        }
        return records;
    }
}
