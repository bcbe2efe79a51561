package io.samsa.broker.api.group;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Java consumer in a group, polled on its own thread as an application would: every record's value goes into a
 * shared set, offsets are committed after each non-empty poll, and the rebalance callbacks are counted. It stops
 * either gracefully (LeaveGroup) or as if the process died ({@link #kill()}: no LeaveGroup, so only the session
 * timeout removes it).
 */
final class ConsumerRunner implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Set<String> sink;
    private final String topic;
    private volatile boolean running = true;
    private volatile boolean leaveOnClose = true;
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile int generation = -1;
    private volatile Throwable failure;
    final AtomicInteger assigned = new AtomicInteger();
    final AtomicInteger revoked = new AtomicInteger();
    final AtomicInteger lost = new AtomicInteger();
    final AtomicInteger failedCommits = new AtomicInteger();

    ConsumerRunner(String name, String bootstrap, String groupId, String topic, Set<String> sink,
                   Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", groupId);
        props.put("client.id", name);
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        props.put("session.timeout.ms", "2000");
        props.put("heartbeat.interval.ms", "200");
        props.put("max.poll.interval.ms", "20000");
        props.put("retry.backoff.ms", "50");
        props.putAll(overrides);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.sink = sink;
        this.topic = topic;
        this.thread = new Thread(this::run, "consumer-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Listener());
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                // Published before the records, so a test that saw a record also sees the generation it came in.
                assignment = Set.copyOf(consumer.assignment());
                generation = consumer.groupMetadata().generationId();
                for (ConsumerRecord<String, String> record : records) {
                    sink.add(record.value());
                }
                if (!records.isEmpty()) {
                    commit();
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            consumer.close(CloseOptions.groupMembershipOperation(leaveOnClose
                    ? CloseOptions.GroupMembershipOperation.DEFAULT
                    : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP).withTimeout(Duration.ofSeconds(5)));
        }
    }

    private void commit() {
        try {
            consumer.commitSync(Duration.ofSeconds(10));
        } catch (CommitFailedException | RebalanceInProgressException e) {
            failedCommits.incrementAndGet();   // the partitions moved; the next owner re-reads them
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                revoked.incrementAndGet();
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.incrementAndGet();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            lost.incrementAndGet();
        }
    }

    Set<TopicPartition> assignment() {
        return assignment;
    }

    int generation() {
        return generation;
    }

    /** The failure that stopped the poll loop, or null. */
    Throwable failure() {
        return failure;
    }

    /** Stops as if the process died: no LeaveGroup, no commit. */
    void kill() throws InterruptedException {
        leaveOnClose = false;
        close();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(15_000);
    }
}
