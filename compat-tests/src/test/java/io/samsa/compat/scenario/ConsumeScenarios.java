package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import io.samsa.compat.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Fetch and ListOffsets: reading from the beginning, seeking, by timestamp, long polls. */
final class ConsumeScenarios {
    private ConsumeScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("consume-from-beginning", "consume",
                "assign two partitions, seekToBeginning, read every record in offset order, positions at the end",
                ConsumeScenarios::fromBeginning),
            Scenario.of("consume-seek-to-offset", "consume",
                "seek to an offset, to the end, and past the end (reset earliest vs OffsetOutOfRangeException)",
                ConsumeScenarios::seek),
            Scenario.of("consume-offsets-for-times", "consume",
                "offsetsForTimes finds the first record at or after a timestamp inside a batch; after the last: null",
                ConsumeScenarios::offsetsForTimes),
            Scenario.of("consume-beginning-end-offsets", "consume",
                "beginningOffsets/endOffsets on an empty partition, after produce, after deleteRecords",
                ConsumeScenarios::beginningEndOffsets),
            Scenario.of("list-offsets-admin", "consume",
                "Admin.listOffsets earliest, latest, maxTimestamp, forTimestamp, read_committed, empty and unknown",
                ConsumeScenarios::listOffsets).since("3.0", "OffsetSpec.maxTimestamp"),
            Scenario.of("consume-long-poll", "consume",
                "a fetch parked on an empty partition (fetch.max.wait.ms=10s) returns as soon as a record arrives",
                ConsumeScenarios::longPoll),
            Scenario.of("consume-fetch-min-bytes-wait", "consume",
                "with fetch.min.bytes unmet the broker holds the fetch for fetch.max.wait.ms, then returns the data",
                ConsumeScenarios::minBytesWait),
            Scenario.of("consume-auto-offset-reset", "consume",
                "a group without commits starts at earliest / latest, or fails with NoOffsetForPartitionException",
                ConsumeScenarios::autoOffsetReset));
    }

    private static void fromBeginning(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < 10; i++) {
                records.add(new ProducerRecord<>(topic, p, "k", "p" + p + "-v" + i));
            }
        }
        ScenarioContext.sendAll(ctx.producer(), records);
        KafkaConsumer<String, String> consumer = ctx.consumer();
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<ConsumerRecord<String, String>> read = ScenarioContext.poll(consumer, 20, WAIT);
        out.expect("read.count", 20, read.size());
        for (int p = 0; p < 2; p++) {
            final int partition = p;
            List<String> values = read.stream().filter(r -> r.partition() == partition)
                .map(r -> r.offset() + ":" + r.value()).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add(i + ":p" + p + "-v" + i);
            }
            out.expect("partition." + p, expected, values);
        }
        out.expect("positions", List.of(10L, 10L), partitions.stream().map(consumer::position).toList());
    }

    private static void seek(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(new ProducerRecord<>(topic, "k", "v" + i));
        }
        ScenarioContext.sendAll(ctx.producer(), records);
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaConsumer<String, String> consumer = ctx.consumer();
        consumer.assign(List.of(tp));
        consumer.seek(tp, 5);
        out.expect("seek.5.first", "5:v5", first(consumer));
        consumer.seek(tp, 9);
        out.expect("seek.9.first", "9:v9", first(consumer));
        consumer.seek(tp, 10);
        out.expect("seek.end.records", 0, consumer.poll(Duration.ofMillis(500)).count());
        out.expect("seek.end.position", 10L, consumer.position(tp));
        consumer.seek(tp, 50);
        out.expect("seek.past.end.reset.earliest.first", "0:v0", first(consumer));
        KafkaConsumer<String, String> strict = ctx.consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"));
        strict.assign(List.of(tp));
        strict.seek(tp, 50);
        out.expect("seek.past.end.reset.none", Outcome.failure(OffsetOutOfRangeException.class), Outcome.of(() -> {
            Deadline deadline = Deadline.after(WAIT);
            while (!deadline.expired()) {
                strict.poll(deadline.step(Duration.ofMillis(500)));
            }
        }));
    }

    private static String first(KafkaConsumer<String, String> consumer) {
        Deadline deadline = Deadline.after(WAIT);
        while (!deadline.expired()) {
            ConsumerRecords<String, String> records = consumer.poll(deadline.step(Duration.ofMillis(500)));
            if (!records.isEmpty()) {
                ConsumerRecord<String, String> r = records.iterator().next();
                return r.offset() + ":" + r.value();
            }
        }
        return "nothing";
    }

    private static void offsetsForTimes(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        long base = System.currentTimeMillis() - 3_600_000L;
        // One batch (long linger, then flush): the lookup must look inside it (timestamps of its records).
        KafkaProducer<String, String> producer = ctx.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5000));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(new ProducerRecord<>(topic, 0, base + i * 1000L, "k", "v" + i));
        }
        ScenarioContext.sendAll(producer, records);
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaConsumer<String, String> consumer = ctx.consumer();
        Map<String, Long> queries = new LinkedHashMap<>();
        queries.put("before.first", base - 1000);
        queries.put("at.first", base);
        queries.put("between.1.and.2", base + 1500);
        queries.put("at.last", base + 4000);
        queries.put("after.last", base + 5000);
        Map<String, String> found = new LinkedHashMap<>();
        for (Map.Entry<String, Long> query : queries.entrySet()) {
            OffsetAndTimestamp hit = consumer.offsetsForTimes(Map.of(tp, query.getValue())).get(tp);
            found.put(query.getKey(), hit == null ? null : hit.offset() + "@+" + (hit.timestamp() - base));
        }
        out.expect("before.first", "0@+0", found.get("before.first"));
        out.expect("at.first", "0@+0", found.get("at.first"));
        out.expect("between.1.and.2", "2@+2000", found.get("between.1.and.2"));
        out.expect("at.last", "4@+4000", found.get("at.last"));
        out.expect("after.last", null, found.get("after.last"));
        OffsetAndTimestamp seekTo = consumer.offsetsForTimes(Map.of(tp, base + 2500)).get(tp);
        consumer.assign(List.of(tp));
        consumer.seek(tp, seekTo.offset());
        out.expect("seek.by.time.first", "3:v3", first(consumer));
    }

    private static void beginningEndOffsets(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaConsumer<String, String> consumer = ctx.consumer();
        out.expect("empty", "0..0", range(consumer, tp));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            records.add(new ProducerRecord<>(topic, "k", "v" + i));
        }
        ScenarioContext.sendAll(ctx.producer(), records);
        out.expect("after.7.records", "0..7", range(consumer, tp));
        ctx.admin().deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(3))).all().get(WAIT.toMillis(),
            TimeUnit.MILLISECONDS);
        out.expect("after.delete.records.3", "3..7", range(consumer, tp));
        out.expect("unknown.partition", Outcome.failure(org.apache.kafka.common.errors.TimeoutException.class),
            Outcome.of(() -> consumer.endOffsets(List.of(new TopicPartition(topic, 5)), Duration.ofSeconds(2))));
    }

    private static String range(KafkaConsumer<String, String> consumer, TopicPartition tp) {
        return consumer.beginningOffsets(List.of(tp)).get(tp) + ".." + consumer.endOffsets(List.of(tp)).get(tp);
    }

    private static void listOffsets(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        String empty = ctx.createTopic("empty", 1);
        long base = System.currentTimeMillis() - 3_600_000L;
        KafkaProducer<String, String> producer = ctx.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5000));
        ScenarioContext.sendAll(producer, List.of(
            new ProducerRecord<>(topic, 0, base + 100, "k", "a"),
            new ProducerRecord<>(topic, 0, base + 500, "k", "b"),
            new ProducerRecord<>(topic, 0, base + 200, "k", "c")));
        TopicPartition tp = new TopicPartition(topic, 0);
        Map<String, OffsetSpec> specs = new LinkedHashMap<>();
        specs.put("earliest", OffsetSpec.earliest());
        specs.put("latest", OffsetSpec.latest());
        specs.put("max.timestamp", OffsetSpec.maxTimestamp());
        specs.put("for.timestamp.300", OffsetSpec.forTimestamp(base + 300));
        specs.put("for.timestamp.after.last", OffsetSpec.forTimestamp(base + 600));
        for (Map.Entry<String, OffsetSpec> spec : specs.entrySet()) {
            out.put(spec.getKey(), listOffset(ctx, tp, spec.getValue(), IsolationLevel.READ_UNCOMMITTED, base));
        }
        out.expect("max.timestamp.expected", "1@+500", listOffset(ctx, tp, OffsetSpec.maxTimestamp(),
            IsolationLevel.READ_UNCOMMITTED, base).split(" ")[0]);
        out.put("latest.read.committed", listOffset(ctx, tp, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED, base));
        TopicPartition emptyTp = new TopicPartition(empty, 0);
        out.put("empty.latest", listOffset(ctx, emptyTp, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED, base));
        out.put("empty.max.timestamp", listOffset(ctx, emptyTp, OffsetSpec.maxTimestamp(),
            IsolationLevel.READ_UNCOMMITTED, base));
        out.expect("unknown.topic", Outcome.failure(UnknownTopicOrPartitionException.class), Outcome.of(() ->
            ctx.admin().listOffsets(Map.of(new TopicPartition(ctx.name("missing"), 0), OffsetSpec.latest())).all()
                .get()));
    }

    /** {@code offset@+timestampSinceBase epoch=E} (or {@code offset@-1} when the broker returns no timestamp). */
    private static String listOffset(ScenarioContext ctx, TopicPartition tp, OffsetSpec spec, IsolationLevel isolation,
                                     long base) throws Exception {
        ListOffsetsResult.ListOffsetsResultInfo info = ctx.admin().listOffsets(Map.of(tp, spec),
            new ListOffsetsOptions(isolation)).partitionResult(tp).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        String timestamp = info.timestamp() < 0 ? String.valueOf(info.timestamp()) : "+" + (info.timestamp() - base);
        return info.offset() + "@" + timestamp + " epoch=" + info.leaderEpoch().map(String::valueOf).orElse("none");
    }

    private static void longPoll(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaConsumer<String, String> consumer = ctx.consumer(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10_000,
            ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000));
        consumer.assign(List.of(tp));
        consumer.seekToEnd(List.of(tp));
        out.expect("start.position", 0L, consumer.position(tp));
        // This poll sends the fetch; with nothing to return the broker parks it for up to 10 s.
        out.expect("records.before.produce", 0, consumer.poll(Duration.ofMillis(300)).count());
        ScenarioContext.sendAll(ctx.producer(), List.of(new ProducerRecord<>(topic, "k", "wake-up")));
        Deadline deadline = Deadline.after(Duration.ofSeconds(15));
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        while (read.isEmpty() && !deadline.expired()) {
            consumer.poll(deadline.step(Duration.ofMillis(500))).forEach(read::add);
        }
        long latency = deadline.elapsedMillis();
        out.expect("records.after.produce", 1, read.size());
        out.check("returned.before.max.wait", latency < 5_000);
    }

    private static void minBytesWait(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        ScenarioContext.sendAll(ctx.producer(), List.of(new ProducerRecord<>(topic, "k", "small")));
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaConsumer<String, String> consumer = ctx.consumer(Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1_000_000,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1500));
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        consumer.position(tp);
        Deadline deadline = Deadline.after(Duration.ofSeconds(15));
        List<ConsumerRecord<String, String>> read = ScenarioContext.poll(consumer, 1, Duration.ofSeconds(15));
        long waited = deadline.elapsedMillis();
        out.expect("records", 1, read.size());
        out.check("held.for.max.wait", waited >= 1_200);
        out.check("returned.after.max.wait", waited < 10_000);
    }

    private static void autoOffsetReset(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(new ProducerRecord<>(topic, "k", "v" + i));
        }
        ScenarioContext.sendAll(ctx.producer(), records);
        TopicPartition tp = new TopicPartition(topic, 0);
        Map<String, Object> earliestConfig = Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> earliest = ctx.groupConsumer(ctx.name("earliest"), earliestConfig);
        earliest.assign(List.of(tp));
        out.put("committed.without.commits", earliest.committed(Set.of(tp)).get(tp) == null ? null : "present");
        out.expect("earliest.position", 0L, earliest.position(tp));
        KafkaConsumer<String, String> latest = ctx.groupConsumer(ctx.name("latest"),
            Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
        latest.assign(List.of(tp));
        out.expect("latest.position", 5L, latest.position(tp));
        KafkaConsumer<String, String> none = ctx.groupConsumer(ctx.name("none"),
            Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"));
        none.assign(List.of(tp));
        out.expect("none.position", Outcome.failure(NoOffsetForPartitionException.class),
            Outcome.of(() -> none.position(tp)));
    }
}
