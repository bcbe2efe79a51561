package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;

/** DeleteRecords and DescribeLogDirs: the log start offset and what is on disk. */
final class LogScenarios {
    private LogScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("delete-records", "logs",
                "deleteRecords moves the log start offset; readers start there; beyond the high watermark fails",
                LogScenarios::deleteRecords),
            Scenario.of("describe-log-dirs", "logs",
                "describeLogDirs lists one directory holding the topic's partitions with their sizes",
                LogScenarios::describeLogDirs));
    }

    private static void deleteRecords(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(new ProducerRecord<>(topic, "k", "v" + i));
        }
        ScenarioContext.sendAll(ctx.producer(), records);
        TopicPartition tp = new TopicPartition(topic, 0);
        Admin admin = ctx.admin();
        long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4))).lowWatermarks().get(tp)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).lowWatermark();
        out.expect("low.watermark", 4L, low);
        KafkaConsumer<String, String> consumer = ctx.consumer();
        out.expect("beginning.offset", 4L, consumer.beginningOffsets(List.of(tp)).get(tp));
        List<ConsumerRecord<String, String>> read = ctx.readAll(topic, 6);
        out.expect("read", List.of("4:v4", "5:v5", "6:v6", "7:v7", "8:v8", "9:v9"),
            read.stream().map(r -> r.offset() + ":" + r.value()).toList());
        out.expect("before.lower.offset", 4L, admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(2)))
            .lowWatermarks().get(tp).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).lowWatermark());
        out.expect("beyond.high.watermark", Outcome.failure(OffsetOutOfRangeException.class), Outcome.of(() ->
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(20))).all().get()));
        out.expect("to.high.watermark", 10L, admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(-1)))
            .lowWatermarks().get(tp).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).lowWatermark());
        out.expect("range.after.all.deleted", "10..10", consumer.beginningOffsets(List.of(tp)).get(tp) + ".."
            + consumer.endOffsets(List.of(tp)).get(tp));
        // The broker answers Metadata with UNKNOWN_TOPIC_OR_PARTITION: recent clients keep asking until
        // their timeout, older ones (2.8) give up at once.
        String unknown = Outcome.of(() -> admin.deleteRecords(Map.of(new TopicPartition(ctx.name("missing"), 0),
            RecordsToDelete.beforeOffset(1)), new org.apache.kafka.clients.admin.DeleteRecordsOptions().timeoutMs(2000))
            .all().get());
        out.put("unknown.topic", unknown);
        out.check("unknown.topic.refused", unknown.equals(Outcome.failure(org.apache.kafka.common.errors.TimeoutException.class))
            || unknown.equals(Outcome.failure(org.apache.kafka.common.errors.UnknownTopicOrPartitionException.class)));
    }

    private static void describeLogDirs(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        GroupScenarios.produce(ctx, topic, 2, 5);
        int node = ctx.broker().nodeId();
        Map<String, LogDirDescription> dirs = ctx.admin().describeLogDirs(List.of(node)).descriptions().get(node)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        out.expect("dirs", 1, dirs.size());
        LogDirDescription dir = dirs.values().iterator().next();
        out.expect("error", null, dir.error() == null ? null : Outcome.name(dir.error()));
        // DescribeLogDirs v4 sizes (kafka-clients 3.3 has the accessors; null before).
        Object total = JavaApi.property(dir, "totalBytes");
        Object usable = JavaApi.property(dir, "usableBytes");
        out.put("total.bytes.present", total == null ? null : true);
        out.put("usable.bytes.present", usable == null ? null : true);
        List<String> partitions = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            ReplicaInfo info = dir.replicaInfos().get(new TopicPartition(topic, p));
            partitions.add(info == null ? p + ":missing" : p + ":size>0=" + (info.size() > 0) + ":lag="
                + info.offsetLag() + ":future=" + info.isFuture());
        }
        out.expect("partitions", List.of("0:size>0=true:lag=0:future=false", "1:size>0=true:lag=0:future=false"),
            partitions);
    }
}
