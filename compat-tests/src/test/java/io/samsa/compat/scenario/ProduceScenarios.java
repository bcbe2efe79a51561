package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Utils;

/** Produce: acks, partitioning, compression, headers, nulls, sizes, idempotence, timestamps. */
final class ProduceScenarios {
    static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");

    private ProduceScenarios() {
    }

    static List<Scenario> all() {
        List<Scenario> scenarios = new ArrayList<>();
        for (String acks : List.of("0", "1", "all")) {
            scenarios.add(Scenario.of("produce-acks-" + acks, "produce",
                "10 records with acks=" + acks + ": acknowledged offsets, then all 10 read back in order",
                (ctx, out) -> produceWithAcks(ctx, out, acks)));
        }
        scenarios.add(Scenario.of("produce-key-partitioning", "produce",
            "keyed records land on murmur2(key) % partitions, the same partition on every send",
            ProduceScenarios::keyPartitioning));
        for (String codec : CODECS) {
            scenarios.add(Scenario.of("produce-compression-" + codec, "produce",
                "200 records batched with compression.type=" + codec + " are stored and read back intact",
                (ctx, out) -> produceCompressed(ctx, out, codec)));
        }
        scenarios.add(Scenario.of("produce-headers", "produce",
            "record headers (repeated keys, empty and null values) round-trip in order",
            ProduceScenarios::headers));
        scenarios.add(Scenario.of("produce-null-key-and-value", "produce",
            "null keys, null values (tombstones) and empty strings round-trip as such",
            ProduceScenarios::nulls));
        scenarios.add(Scenario.of("produce-large-record", "produce",
            "a 900 KiB record under the default limits is stored and read back whole",
            ProduceScenarios::largeRecord));
        scenarios.add(Scenario.of("produce-record-too-large", "produce",
            "records over message.max.bytes or the topic's max.message.bytes fail with RecordTooLargeException",
            ProduceScenarios::tooLarge));
        scenarios.add(Scenario.of("produce-idempotent-default", "produce",
            "the default (idempotent, acks=all) producer writes 300 records on 3 partitions exactly once",
            ProduceScenarios::idempotentDefault));
        scenarios.add(Scenario.of("produce-idempotent", "produce",
            "an idempotent producer (enable.idempotence=true, acks=all) writes 300 records on 3 partitions exactly once",
            (ctx, out) -> idempotent(ctx, out, Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"))));
        scenarios.add(Scenario.of("produce-timestamps", "produce",
            "CreateTime keeps the producer's timestamp; a LogAppendTime topic stamps broker time",
            ProduceScenarios::timestamps));
        return scenarios;
    }

    private static void produceWithAcks(ScenarioContext ctx, Observations out, String acks) throws Exception {
        String topic = ctx.createTopic("t", 1);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, acks);
        // Idempotence needs acks=all; say so explicitly rather than rely on the silent downgrade.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "all".equals(acks));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(new ProducerRecord<>(topic, "k" + i, "v" + i));
        }
        List<RecordMetadata> acked = ScenarioContext.sendAll(ctx.producer(config), records);
        out.put("acked.offsets", acked.stream().map(RecordMetadata::offset).toList());
        out.put("acked.partitions", acked.stream().map(RecordMetadata::partition).toList());
        List<ConsumerRecord<String, String>> read = ctx.readAll(topic, 10);
        out.expect("read.values", records.stream().map(ProducerRecord::value).toList(),
            read.stream().map(ConsumerRecord::value).toList());
        out.expect("read.offsets", List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L),
            read.stream().map(ConsumerRecord::offset).toList());
    }

    private static void keyPartitioning(ScenarioContext ctx, Observations out) throws Exception {
        int partitions = 5;
        String topic = ctx.createTopic("t", partitions);
        KafkaProducer<String, String> producer = ctx.producer();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 20; i++) {
                records.add(new ProducerRecord<>(topic, "key-" + i, "round" + round));
            }
        }
        List<RecordMetadata> acked = ScenarioContext.sendAll(producer, records);
        Map<String, Integer> partitionOfKey = new TreeMap<>();
        boolean stable = true;
        boolean murmur = true;
        for (int i = 0; i < records.size(); i++) {
            String key = records.get(i).key();
            int partition = acked.get(i).partition();
            Integer previous = partitionOfKey.put(key, partition);
            stable &= previous == null || previous == partition;
            murmur &= partition == Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
        }
        out.put("partition.of.key", partitionOfKey);
        out.check("same.partition.every.send", stable);
        out.check("murmur2.partitioning", murmur);
        List<ConsumerRecord<String, String>> read = ctx.readAll(topic, records.size());
        out.expect("read.count", records.size(), read.size());
        out.check("read.where.acked", read.stream().allMatch(r -> partitionOfKey.get(r.key()) == r.partition()));
    }

    private static void produceCompressed(ScenarioContext ctx, Observations out, String codec) throws Exception {
        String topic = ctx.createTopic("t", 1);
        KafkaProducer<String, String> producer = ctx.producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
            ProducerConfig.LINGER_MS_CONFIG, 50, ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(new ProducerRecord<>(topic, "key-" + i, ("value " + i + " ").repeat(10)));
        }
        List<RecordMetadata> acked = ScenarioContext.sendAll(producer, records);
        out.expect("acked.last.offset", 199L, acked.get(acked.size() - 1).offset());
        List<ConsumerRecord<String, String>> read = ctx.readAll(topic, 200);
        out.expect("read.count", 200, read.size());
        boolean intact = read.size() == 200;
        for (int i = 0; intact && i < 200; i++) {
            intact = read.get(i).offset() == i && records.get(i).value().equals(read.get(i).value())
                && records.get(i).key().equals(read.get(i).key());
        }
        out.check("read.intact.in.order", intact);
    }

    private static void headers(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        List<Header> headers = List.of(
            new RecordHeader("a", "1".getBytes(StandardCharsets.UTF_8)),
            new RecordHeader("a", "2".getBytes(StandardCharsets.UTF_8)),
            new RecordHeader("empty", new byte[0]),
            new RecordHeader("null", (byte[]) null),
            new RecordHeader("unicode-\u00e9", "\u2713".getBytes(StandardCharsets.UTF_8)));
        ScenarioContext.sendAll(ctx.producer(), List.of(
            new ProducerRecord<>(topic, null, "k", "with-headers", headers),
            new ProducerRecord<>(topic, "k", "without-headers")));
        List<ConsumerRecord<String, String>> read = ctx.readAll(topic, 2);
        out.expect("read.count", 2, read.size());
        List<String> seen = new ArrayList<>();
        read.get(0).headers().forEach(h -> seen.add(h.key() + "=" + (h.value() == null ? "null"
            : new String(h.value(), StandardCharsets.UTF_8))));
        out.expect("headers", List.of("a=1", "a=2", "empty=", "null=null", "unicode-\u00e9=\u2713"), seen);
        out.expect("last.header.a", "2", new String(read.get(0).headers().lastHeader("a").value(), StandardCharsets.UTF_8));
        out.expect("no.headers", 0, read.get(1).headers().toArray().length);
    }

    private static void nulls(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        List<ProducerRecord<String, String>> records = List.of(
            new ProducerRecord<>(topic, 0, null, "value-without-key"),
            new ProducerRecord<>(topic, 0, "key-without-value", null),
            new ProducerRecord<>(topic, 0, null, null),
            new ProducerRecord<>(topic, 0, "", ""));
        ScenarioContext.sendAll(ctx.producer(), records);
        List<ConsumerRecord<String, String>> read = ctx.readAll(topic, 4);
        List<String> seen = new ArrayList<>();
        read.forEach(r -> seen.add(describe(r.key()) + "/" + describe(r.value())));
        out.expect("read", List.of("null/\"value-without-key\"", "\"key-without-value\"/null", "null/null",
            "\"\"/\"\""), seen);
    }

    private static String describe(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static void largeRecord(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        String value = "x".repeat(900 * 1024);
        List<RecordMetadata> acked = ScenarioContext.sendAll(ctx.producer(), List.of(
            new ProducerRecord<>(topic, "big", value), new ProducerRecord<>(topic, "small", "after")));
        out.expect("acked.offsets", List.of(0L, 1L), acked.stream().map(RecordMetadata::offset).toList());
        List<ConsumerRecord<String, String>> read = ctx.readAll(topic, 2);
        out.expect("read.count", 2, read.size());
        out.expect("read.length", value.length(), read.isEmpty() ? 0 : read.get(0).value().length());
        out.check("read.equal", !read.isEmpty() && value.equals(read.get(0).value()));
    }

    private static void tooLarge(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        // Let the client send what the broker must refuse: message.max.bytes is 1048588 by default.
        KafkaProducer<String, String> unlimited = ctx.producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            4 * 1024 * 1024, ProducerConfig.BUFFER_MEMORY_CONFIG, 16 * 1024 * 1024));
        out.expect("over.broker.limit", Outcome.failure(RecordTooLargeException.class), Outcome.of(() ->
            unlimited.send(new ProducerRecord<>(topic, "x".repeat(1536 * 1024))).get(WAIT.toMillis(),
                TimeUnit.MILLISECONDS)));
        String small = ctx.createTopic("small", 1, Map.of("max.message.bytes", "10000"));
        out.expect("over.topic.limit", Outcome.failure(RecordTooLargeException.class), Outcome.of(() ->
            unlimited.send(new ProducerRecord<>(small, "x".repeat(20_000))).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)));
        out.expect("under.topic.limit", Outcome.OK, Outcome.of(() ->
            unlimited.send(new ProducerRecord<>(small, "x".repeat(5_000))).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)));
        KafkaProducer<String, String> limited = ctx.producer();
        out.expect("over.client.limit", Outcome.failure(RecordTooLargeException.class), Outcome.of(() ->
            limited.send(new ProducerRecord<>(topic, "x".repeat(2 * 1024 * 1024))).get(WAIT.toMillis(),
                TimeUnit.MILLISECONDS)));
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
        out.expect("end.offset.after", 0L, ctx.consumer().endOffsets(List.of(tp)).get(tp));
    }

    private static void idempotentDefault(ScenarioContext ctx, Observations out) throws Exception {
        idempotent(ctx, out, Map.of());
    }

    private static void idempotent(ScenarioContext ctx, Observations out, Map<String, Object> config) throws Exception {
        String topic = ctx.createTopic("t", 3);
        KafkaProducer<String, String> producer = ctx.producer(config);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add(new ProducerRecord<>(topic, i % 3, "key-" + i, "value-" + i));
        }
        List<RecordMetadata> acked = ScenarioContext.sendAll(producer, records);
        out.expect("acked.count", 300, acked.size());
        List<ConsumerRecord<String, String>> read = ctx.readAll(topic, 300);
        out.expect("read.count", 300, read.size());
        Set<String> distinct = new HashSet<>();
        read.forEach(r -> distinct.add(r.value()));
        out.expect("read.distinct", 300, distinct.size());
        Map<Integer, Long> next = new TreeMap<>();
        boolean contiguous = true;
        for (ConsumerRecord<String, String> r : read) {
            long expected = next.getOrDefault(r.partition(), 0L);
            contiguous &= r.offset() == expected;
            next.put(r.partition(), r.offset() + 1);
        }
        out.check("offsets.contiguous.from.0", contiguous);
        out.expect("end.offset.per.partition", Map.of(0, 100L, 1, 100L, 2, 100L), next);
    }

    private static void timestamps(ScenarioContext ctx, Observations out) throws Exception {
        String createTime = ctx.createTopic("create", 1);
        String appendTime = ctx.createTopic("append", 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long past = System.currentTimeMillis() - 3_600_000L;
        KafkaProducer<String, String> producer = ctx.producer();
        RecordMetadata created = ScenarioContext.sendAll(producer,
            List.of(new ProducerRecord<>(createTime, 0, past, "k", "v"))).get(0);
        long before = System.currentTimeMillis();
        RecordMetadata appended = ScenarioContext.sendAll(producer,
            List.of(new ProducerRecord<>(appendTime, 0, past, "k", "v"))).get(0);
        long after = System.currentTimeMillis();
        out.expect("create.time.acked.is.producer.time", true, created.timestamp() == past);
        ConsumerRecord<String, String> c = ctx.readAll(createTime, 1).get(0);
        out.expect("create.time.read.type", TimestampType.CREATE_TIME, c.timestampType());
        out.check("create.time.read.is.producer.time", c.timestamp() == past);
        out.check("append.time.acked.is.broker.time", appended.timestamp() >= before - 1000
            && appended.timestamp() <= after + 1000);
        ConsumerRecord<String, String> a = ctx.readAll(appendTime, 1).get(0);
        out.expect("append.time.read.type", TimestampType.LOG_APPEND_TIME, a.timestampType());
        out.check("append.time.read.equals.ack", a.timestamp() == appended.timestamp());
    }
}
