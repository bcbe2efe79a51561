package io.samsa.compat.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The broker goes away in the middle of an idempotent produce / group consume run, gracefully
 * (SIGTERM) or not (SIGKILL), and comes back on the same port and data: every acknowledged record
 * is there exactly once, in order, and the group's consumer sees them all.
 */
final class RestartScenarios {
    private static final int PER_PHASE = 500;
    private static final int PARTITIONS = 3;

    private RestartScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("broker-restart-idempotent-produce", "restart",
                "graceful broker restart between in-flight idempotent sends: nothing lost or duplicated",
                (ctx, out) -> run(ctx, out, false)).withTimeout(Duration.ofSeconds(150)),
            Scenario.of("broker-kill-idempotent-produce", "restart",
                "SIGKILL and restart between in-flight idempotent sends: nothing acknowledged lost or duplicated",
                (ctx, out) -> run(ctx, out, true)).withTimeout(Duration.ofSeconds(150)));
    }

    private static void run(ScenarioContext ctx, Observations out, boolean kill) throws Exception {
        String topic = ctx.createTopic("t", PARTITIONS);
        String group = ctx.name("g");
        // Idempotent with acks=all (the default from kafka-clients 3.0, explicit for 2.x), with room
        // for the broker to come back before giving up.
        KafkaProducer<String, String> producer = ctx.producer(Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"));
        GroupMember consumer = ctx.member("c1", group, List.of(topic), Map.of());
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        send(producer, topic, 0, acks);
        producer.flush();
        GroupMember.pollUntil("the first phase's records", ScenarioContext.WAIT,
            () -> consumer.received().size() >= PER_PHASE, consumer);
        consumer.consumer().commitSync();
        // Second phase: sent but not flushed, so batches are in flight while the broker goes down.
        send(producer, topic, PER_PHASE, acks);
        if (kill) {
            ctx.broker().kill();
            ctx.broker().start();
        } else {
            ctx.broker().restart();
        }
        send(producer, topic, 2 * PER_PHASE, acks);
        producer.flush();
        int failed = 0;
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(ScenarioContext.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                failed++;
            }
        }
        int total = 3 * PER_PHASE;
        out.expect("sends.failed", 0, failed);
        GroupMember.pollUntil("every record in the group consumer", Duration.ofSeconds(60),
            () -> distinctValues(consumer.received()).size() >= total, consumer);
        out.expect("group.consumer.distinct", total, distinctValues(consumer.received()).size());
        consumer.consumer().commitSync();
        List<ConsumerRecord<String, String>> log = ctx.readAll(topic, total);
        out.expect("log.records", total, log.size());
        out.expect("log.distinct", total, distinctValues(log).size());
        out.check("log.in.send.order.per.partition", inSendOrder(log));
    }

    private static void send(KafkaProducer<String, String> producer, String topic, int from,
                             List<Future<RecordMetadata>> acks) {
        for (int i = from; i < from + PER_PHASE; i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "k" + i, String.valueOf(i))));
        }
    }

    private static Set<String> distinctValues(List<ConsumerRecord<String, String>> records) {
        Set<String> values = new HashSet<>();
        records.forEach(r -> values.add(r.value()));
        return values;
    }

    /** Within a partition, the values (send sequence numbers) only grow with the offset. */
    private static boolean inSendOrder(List<ConsumerRecord<String, String>> log) {
        int[] last = new int[PARTITIONS];
        java.util.Arrays.fill(last, -1);
        for (ConsumerRecord<String, String> r : log) {
            int value = Integer.parseInt(r.value());
            if (value <= last[r.partition()]) {
                return false;
            }
            last[r.partition()] = value;
        }
        return true;
    }
}
