package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import io.samsa.compat.report.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * kcat (librdkafka) scenarios: metadata ({@code -L -J}), the producer ({@code -P}: acks, keys with
 * the Java-compatible partitioner, every codec, headers, NULLs, sizes, idempotence), the consumer
 * ({@code -C}: from the beginning, at offsets, from a timestamp), offset queries ({@code -Q}) and
 * the balanced consumer ({@code -G}: join, commit and resume). Topics are made and inspected with
 * the Java admin client; what is observed comes from kcat, except the on-disk size that shows
 * whether a batch was really compressed (librdkafka silently sends uncompressed batches to a
 * broker that advertises no Produce version below 3).
 */
public final class KcatScenarios {
    private static final String FORMAT = "%p|%o|%K|%k|%S|%s\\n";

    private KcatScenarios() {
    }

    public static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        all.add(Scenario.of("describe-cluster", "cluster",
            "describeCluster: one node with the configured id, loopback host and port, itself as controller",
            KcatScenarios::describeCluster));
        all.add(Scenario.of("metadata-partitions-for", "cluster",
            "Metadata of a new topic: partitions, leader, replicas and ISR", KcatScenarios::metadata));
        all.add(Scenario.of("metadata-auto-create-topic", "cluster",
            "producing to an unknown topic creates it with num.partitions (auto.create.topics.enable)",
            KcatScenarios::autoCreate));
        all.add(Scenario.of("metadata-invalid-topic-name", "cluster",
            "producing to an invalid topic name fails delivery, and no topic is created", KcatScenarios::invalidTopicName));
        all.add(Scenario.of("describe-topic-unknown", "topics",
            "-L -t of an unknown topic with allow.auto.create.topics=false: UNKNOWN_TOPIC_OR_PARTITION, not created; "
                + "kcat's default Metadata requests (a producer's) create it", KcatScenarios::describeUnknown));
        for (String acks : List.of("0", "1", "all")) {
            all.add(Scenario.of("produce-acks-" + acks, "produce",
                "10 records with acks=" + acks + ", then all 10 read back in order", (ctx, out) -> acks(ctx, out, acks)));
        }
        all.add(Scenario.of("produce-key-partitioning", "produce",
            "keyed records land on crc32(key) % partitions with librdkafka's default consistent_random partitioner, "
                + "on murmur2(key) % partitions with murmur2_random, the same partition on every send",
            KcatScenarios::keyPartitioning));
        for (String codec : ProduceScenarios.CODECS) {
            all.add(Scenario.of("produce-compression-" + codec, "produce",
                "200 records with compression " + codec + " are stored (compressed on disk) and read back intact",
                (ctx, out) -> compression(ctx, out, codec)));
        }
        all.add(Scenario.of("produce-headers", "produce", "record headers (-H, repeated keys, empty value) round-trip",
            KcatScenarios::headers));
        all.add(Scenario.of("produce-null-key-and-value", "produce",
            "with -Z, empty keys and values are sent as NULL and read back as NULL", KcatScenarios::nulls));
        all.add(Scenario.of("produce-large-record", "produce",
            "a 900 KiB record under the default limits is stored and read back whole", KcatScenarios::largeRecord));
        all.add(Scenario.of("produce-record-too-large", "produce",
            "records over message.max.bytes or the topic's max.message.bytes fail delivery (message size too large)",
            KcatScenarios::tooLarge));
        all.add(Scenario.of("produce-idempotent", "produce",
            "an idempotent producer (enable.idempotence) writes 300 records on 3 partitions exactly once",
            KcatScenarios::idempotent));
        all.add(Scenario.of("produce-timestamps", "produce",
            "kcat cannot set a timestamp: a CreateTime topic keeps librdkafka's send time, a LogAppendTime topic "
                + "stamps the broker's; -J shows the type", KcatScenarios::timestamps));
        all.add(Scenario.of("consume-from-beginning", "consume",
            "-o beginning -e reads both partitions from offset 0 in order, and exits at their end",
            KcatScenarios::fromBeginning));
        all.add(Scenario.of("consume-seek-to-offset", "consume",
            "-o 5, -o 9, -o -2 (relative to the end) and -o end on one partition", KcatScenarios::seek));
        all.add(Scenario.of("consume-offsets-for-times", "consume",
            "-o s@timestamp starts at the first record at or after a timestamp inside a batch",
            KcatScenarios::offsetsForTimes));
        all.add(Scenario.of("consume-beginning-end-offsets", "consume",
            "-Q (offset queries) for the beginning (-2) and end (-1) of an empty and a written partition",
            KcatScenarios::beginningEndOffsets));
        all.add(Scenario.of("list-offsets-admin", "consume",
            "-Q (ListOffsets v2): earliest, latest, for a timestamp; the max timestamp (-3) needs v7 and is refused",
            KcatScenarios::listOffsets));
        all.add(Scenario.of("consume-long-poll", "consume",
            "a fetch parked on an empty partition (fetch.wait.max.ms=10000) returns as soon as a record arrives",
            KcatScenarios::longPoll));
        all.add(Scenario.of("consume-fetch-min-bytes-wait", "consume",
            "with fetch.min.bytes unmet the broker holds the fetch for fetch.wait.max.ms, then returns the data",
            KcatScenarios::minBytesWait));
        all.add(Scenario.of("consume-auto-offset-reset", "consume",
            "-G without commits fetches from earliest / latest (-d fetch shows where); auto.offset.reset=error fails",
            KcatScenarios::autoOffsetReset));
        all.add(Scenario.of("group-join-single", "groups",
            "-G: a balanced consumer joins, reads every record of 3 partitions and exits at their end",
            KcatScenarios::groupJoin));
        all.add(Scenario.of("group-commit-and-resume", "groups",
            "-G -c 5 commits what it read when it exits; the next -G run resumes after it",
            KcatScenarios::commitAndResume));
        all.addAll(KcatGroupScenarios.all().stream().filter(sc -> !sc.info().exclusive()).toList());
        all.addAll(notApplicable());
        all.addAll(KcatGroupScenarios.all().stream().filter(sc -> sc.info().exclusive()).toList());
        return all;
    }

    private static final String NO_ADMIN = "kcat has no admin API: it produces, consumes, lists metadata (-L) and "
        + "queries offsets (-Q)";

    /** The scenarios kcat cannot express, with why. */
    private static List<Scenario> notApplicable() {
        List<Scenario> all = new ArrayList<>();
        all.add(Scenario.notApplicable("client-broker-version-guess", "cluster", "the client guesses the broker's "
            + "version", "librdkafka asks ApiVersions and never guesses a broker version"));
        for (String[] s : new String[][] {
            {"admin-acls-without-authorizer", "cluster"}, {"create-topic", "topics"},
            {"create-topic-broker-defaults", "topics"}, {"create-topic-duplicate", "topics"},
            {"create-topic-invalid-name", "topics"}, {"create-topic-validate-only", "topics"},
            {"create-topic-invalid-partitions", "topics"}, {"delete-topic", "topics"},
            {"delete-topic-unknown", "topics"}, {"create-partitions", "topics"},
            {"describe-configs-topic-defaults", "configs"}, {"create-topic-with-configs", "configs"},
            {"alter-configs-legacy", "configs"}, {"alter-configs-incremental", "configs"},
            {"describe-configs-broker", "configs"}, {"describe-configs-unknown-topic", "configs"},
            {"admin-list-consumer-groups", "group-admin"}, {"admin-list-groups", "group-admin"},
            {"admin-describe-consumer-groups", "group-admin"}, {"admin-list-consumer-group-offsets", "group-admin"},
            {"admin-alter-consumer-group-offsets", "group-admin"}, {"admin-delete-consumer-group-offsets", "group-admin"},
            {"admin-delete-consumer-groups", "group-admin"}, {"delete-records", "logs"}, {"describe-log-dirs", "logs"}}) {
            all.add(Scenario.notApplicable(s[0], s[1], "an admin call", NO_ADMIN));
        }
        all.add(Scenario.notApplicable("produce-idempotent-default", "produce", "the default producer is idempotent",
            "librdkafka's producer is not idempotent unless enable.idempotence=true (produce-idempotent asks for it)"));
        return all;
    }

    private static Kcat.Result kcat(ScenarioContext ctx, String stdin, String... arguments) throws Exception {
        return Kcat.run(ctx.broker().bootstrapServers(), List.of(arguments), stdin);
    }

    /** {@code -Q} for one partition and time (-2 beginning, -1 end): the offset kcat prints. */
    private static String query(ScenarioContext ctx, String topic, int time) throws Exception {
        String answer = kcat(ctx, null, "-Q", "-t", topic + ":0:" + time).out().trim();
        return answer.startsWith(topic + " ") ? answer.substring(topic.length() + 1) : answer;
    }

    private static void awaitEndOffset(ScenarioContext ctx, TopicPartition tp, long end) {
        var consumer = ctx.consumer();
        io.samsa.compat.Deadline deadline = io.samsa.compat.Deadline.after(WAIT);
        while (!deadline.expired() && consumer.endOffsets(List.of(tp)).get(tp) < end) {
            // each check is a ListOffsets round trip
        }
    }

    private static List<String> consumeAll(ScenarioContext ctx, String topic) throws Exception {
        return kcat(ctx, null, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-Z", "-f", FORMAT).lines();
    }

    private static String lines(int count, String format) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(String.format(format, i, i)).append('\n');
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadataJson(ScenarioContext ctx, String... topicAndOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("-L", "-J", "-m", "10"));
        if (topicAndOptions.length > 0) {
            args.addAll(List.of("-t", topicAndOptions[0]));
            args.addAll(List.of(topicAndOptions).subList(1, topicAndOptions.length));
        }
        Kcat.Result result = Kcat.run(ctx.broker().bootstrapServers(), args, null);
        return (Map<String, Object>) Json.read(result.out().trim());
    }

    @SuppressWarnings("unchecked")
    private static void describeCluster(ScenarioContext ctx, Observations out) throws Exception {
        Map<String, Object> md = metadataJson(ctx);
        List<Map<String, Object>> brokers = (List<Map<String, Object>>) md.get("brokers");
        out.expect("nodes.count", 1, brokers.size());
        out.expect("node.id", (long) ctx.broker().nodeId(), brokers.get(0).get("id"));
        out.check("node.address.is.bootstrap", ctx.broker().bootstrapServers().equals(brokers.get(0).get("name")));
        out.expect("controller.id", (long) ctx.broker().nodeId(), md.get("controllerid"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> partitions(Map<String, Object> md) {
        List<String> view = new ArrayList<>();
        for (Map<String, Object> topic : (List<Map<String, Object>>) md.get("topics")) {
            if (topic.containsKey("error")) {
                view.add("error=" + topic.get("error"));
            }
            for (Map<String, Object> p : (List<Map<String, Object>>) topic.get("partitions")) {
                view.add(p.get("partition") + ":leader=" + p.get("leader") + ":replicas="
                    + ((List<Map<String, Object>>) p.get("replicas")).stream().map(r -> r.get("id")).toList()
                    + ":isr=" + ((List<Map<String, Object>>) p.get("isrs")).stream().map(r -> r.get("id")).toList());
            }
        }
        return view;
    }

    private static void metadata(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        out.expect("partitions", List.of("0:leader=1:replicas=[1]:isr=[1]", "1:leader=1:replicas=[1]:isr=[1]"),
            partitions(metadataJson(ctx, topic)));
    }

    private static void autoCreate(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.name("auto");
        out.expect("produce.exit", 0, kcat(ctx, "v\n", "-P", "-t", topic).exitCode());
        ctx.awaitLeaders(topic, 1);
        out.expect("partitions", List.of("0:leader=1:replicas=[1]:isr=[1]"), partitions(metadataJson(ctx, topic)));
        out.expect("read", List.of("0|0|-1|NULL|1|v"), consumeAll(ctx, topic));
    }

    private static void acks(ScenarioContext ctx, Observations out, String acks) throws Exception {
        String topic = ctx.createTopic("t", 1);
        out.expect("produce.exit", 0, kcat(ctx, lines(10, "k%d:v%d"), "-P", "-t", topic, "-K:", "-X", "acks=" + acks)
            .exitCode());
        // With acks=0 kcat is done once the requests are written: the broker may still be appending.
        awaitEndOffset(ctx, new TopicPartition(topic, 0), 10);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("0|" + i + "|2|k" + i + "|2|v" + i);
        }
        out.expect("read", expected, consumeAll(ctx, topic));
    }

    private static void keyPartitioning(ScenarioContext ctx, Observations out) throws Exception {
        String keyed = lines(20, "key-%d:round0") + lines(20, "key-%d:round1");
        // librdkafka's default (consistent_random): CRC32 of the key; murmur2_random: the Java client's murmur2
        for (String partitioner : List.of("default", "murmur2_random")) {
            String topic = ctx.createTopic(partitioner.equals("default") ? "d" : "m", 5);
            List<String> arguments = new ArrayList<>(List.of("-P", "-t", topic, "-K:"));
            if (!partitioner.equals("default")) {
                arguments.addAll(List.of("-X", "partitioner=" + partitioner));
            }
            out.expect(partitioner + ".produce.exit", 0, kcat(ctx, keyed, arguments.toArray(String[]::new)).exitCode());
            Map<String, Long> partitionOfKey = new TreeMap<>();
            boolean stable = true;
            boolean expectedHash = true;
            List<String> read = consumeAll(ctx, topic);
            for (String line : read) {
                String[] f = line.split("\\|");
                long partition = Long.parseLong(f[0]);
                Long previous = partitionOfKey.put(f[3], partition);
                stable &= previous == null || previous == partition;
                byte[] key = f[3].getBytes(StandardCharsets.UTF_8);
                long hash = partitioner.equals("default") ? crc32(key)
                    : Utils.toPositive(Utils.murmur2(key));
                expectedHash &= partition == hash % 5;
            }
            out.expect(partitioner + ".read.count", 40, read.size());
            out.put(partitioner + ".partition.of.key", partitionOfKey);
            out.check(partitioner + ".same.partition.every.send", stable);
            out.check(partitioner + (partitioner.equals("default") ? ".crc32.partitioning" : ".murmur2.partitioning"),
                expectedHash);
        }
    }

    private static long crc32(byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        return crc.getValue();
    }

    private static void invalidTopicName(ScenarioContext ctx, Observations out) throws Exception {
        String topic = "bad name " + ctx.name("x");
        Kcat.Result produced = kcat(ctx, "v\n", "-P", "-t", topic, "-X", "message.timeout.ms=5000");
        out.put("produce.exit", produced.exitCode());
        out.check("refused.invalid.topic", produced.err().contains("Broker: Invalid topic"));
        out.check("topic.not.created", !ctx.admin().listTopics().names().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
            .contains(topic));
    }

    @SuppressWarnings("unchecked")
    private static void describeUnknown(ScenarioContext ctx, Observations out) throws Exception {
        String quiet = ctx.name("quiet");
        Map<String, Object> md = metadataJson(ctx, quiet, "-X", "allow.auto.create.topics=false");
        out.expect("no.auto.create.error", "Broker: Unknown topic or partition",
            ((List<Map<String, Object>>) md.get("topics")).get(0).get("error"));
        out.check("no.auto.create.not.created", !ctx.admin().listTopics().names()
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).contains(quiet));
        // Not observed: the default request's own answer. Creating the topic handle already sends a
        // Metadata request that starts the creation, so the answer depends on how fast the broker creates.
        String created = ctx.name("default");
        metadataJson(ctx, created);
        io.samsa.compat.Deadline deadline = io.samsa.compat.Deadline.after(java.time.Duration.ofSeconds(10));
        boolean exists = false;
        while (!exists && !deadline.expired()) {
            exists = ctx.admin().listTopics().names().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).contains(created);
        }
        out.put("default.created", exists);
    }

    @SuppressWarnings("unchecked")
    private static void timestamps(ScenarioContext ctx, Observations out) throws Exception {
        String createTime = ctx.createTopic("create", 1);
        String appendTime = ctx.createTopic("append", 1, Map.of("message.timestamp.type", "LogAppendTime"));
        for (String topic : List.of(createTime, appendTime)) {
            String label = topic.equals(createTime) ? "create.time" : "append.time";
            long before = System.currentTimeMillis();
            out.expect(label + ".produce.exit", 0, kcat(ctx, "v\n", "-P", "-t", topic).exitCode());
            long after = System.currentTimeMillis();
            List<String> read = kcat(ctx, null, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-J").lines();
            Map<String, Object> record = read.isEmpty() ? Map.of() : (Map<String, Object>) Json.read(read.get(0));
            out.put(label + ".type", record.get("tstype"));
            Object ts = record.get("ts");
            out.check(label + ".within.the.send", ts instanceof Number n && n.longValue() >= before - 1000
                && n.longValue() <= after + 1000);
        }
    }

    private static void listOffsets(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        long base = System.currentTimeMillis() - 3_600_000L;
        var producer = ctx.producer(Map.of("linger.ms", 5000));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(new ProducerRecord<>(topic, 0, base + i * 1000L, "k", "v" + i));
        }
        ScenarioContext.sendAll(producer, records);
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("earliest", query(ctx, topic, -2));
        seen.put("latest", query(ctx, topic, -1));
        seen.put("for.timestamp", kcat(ctx, null, "-Q", "-t", topic + ":0:" + (base + 500)).out().trim()
            .replace(topic + " ", ""));
        Kcat.Result max = kcat(ctx, null, "-Q", "-t", topic + ":0:-3");
        seen.put("max.timestamp", max.exitCode() + "|" + max.err().trim());
        out.expect("offsets", Map.of("earliest", "[0] offset 0", "latest", "[0] offset 3", "for.timestamp",
            "[0] offset 1", "max.timestamp", "1|% ERROR: offsets_for_times failed: Broker: API version not supported"),
            seen);
    }

    /** -d fetch: librdkafka logs every fetch it sends ("Fetch topic t [0] at offset N"). */
    private static void longPoll(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        KcatProcess reader = KcatProcess.start(ctx.broker().bootstrapServers(), List.of("-C", "-u", "-t", topic, "-p", "0",
            "-o", "beginning", "-c", "1", "-f", "%o:%s\\n", "-X", "fetch.wait.max.ms=10000", "-d", "fetch"));
        ctx.onClose(reader);
        reader.await("a fetch parked on the empty partition", WAIT,
            () -> reader.err().stream().anyMatch(l -> l.contains("Fetch topic " + topic + " [0] at offset 0")));
        io.samsa.compat.Deadline since = io.samsa.compat.Deadline.after(WAIT);
        ScenarioContext.sendAll(ctx.producer(), List.of(new ProducerRecord<>(topic, "k", "wake-up")));
        reader.await("the record", java.time.Duration.ofSeconds(15), () -> !reader.out().isEmpty());
        out.check("returned.before.max.wait", since.elapsedMillis() < 5000);
        out.expect("exit", 0, reader.awaitExit(WAIT));
        out.expect("read", List.of("0:wake-up"), reader.out());
    }

    private static void minBytesWait(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        ScenarioContext.sendAll(ctx.producer(), List.of(new ProducerRecord<>(topic, "k", "small")));
        long start = System.nanoTime();
        Kcat.Result read = kcat(ctx, null, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-c", "1", "-f", "%o:%s\\n",
            "-X", "fetch.min.bytes=1000000", "-X", "fetch.wait.max.ms=1500");
        long waited = (System.nanoTime() - start) / 1_000_000;
        out.expect("read", List.of("0:small"), read.lines());
        out.check("held.for.max.wait", waited >= 1200);
        out.check("returned.after.max.wait", waited < 10_000);
    }

    private static void autoOffsetReset(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        kcat(ctx, lines(5, "k%d:v%d"), "-P", "-t", topic, "-K:");
        for (String reset : List.of("earliest", "latest")) {
            KcatMember member = KcatMember.start(ctx, reset, ctx.name(reset), List.of(topic),
                "-X", "auto.offset.reset=" + reset, "-d", "fetch");
            member.await("its first fetch", WAIT, () -> !member.fetchOffsets().isEmpty());
            out.expect(reset + ".first.fetch", reset.equals("earliest") ? "0" : "5",
                member.fetchOffsets().get(0).substring(member.fetchOffsets().get(0).lastIndexOf('@') + 1));
            member.close();
        }
        Kcat.Result none = Kcat.run(ctx.broker().bootstrapServers(), List.of("-G", ctx.name("none"), "-e",
            "-X", "session.timeout.ms=6000", "-X", "auto.offset.reset=error", topic), null, java.time.Duration.ofSeconds(30));
        out.expect("error.exit", 1, none.exitCode());
        out.check("error.no.offset.stored", none.err().contains("Local: No offset stored"));
    }

    private static void compression(ScenarioContext ctx, Observations out, String codec) throws Exception {
        String topic = ctx.createTopic("t", 1);
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            input.append("key-").append(i).append(':').append(("value " + i + " ").repeat(10)).append('\n');
        }
        out.expect("produce.exit", 0, kcat(ctx, input.toString(), "-P", "-t", topic, "-K:", "-z", codec,
            "-X", "linger.ms=100").exitCode());
        List<String> read = consumeAll(ctx, topic);
        out.expect("read.count", 200, read.size());
        boolean intact = read.size() == 200;
        for (int i = 0; intact && i < 200; i++) {
            intact = read.get(i).equals("0|" + i + "|" + ("key-" + i).length() + "|key-" + i + "|"
                + ("value " + i + " ").repeat(10).length() + "|" + ("value " + i + " ").repeat(10));
        }
        out.check("read.intact.in.order", intact);
        // 200 records of ~100 bytes are ~27 KB as they are and well under half of that compressed.
        long size = logSize(ctx, new TopicPartition(topic, 0));
        out.expect("stored.compressed", !"none".equals(codec), size < 13_000);
    }

    private static long logSize(ScenarioContext ctx, TopicPartition tp) throws Exception {
        int node = ctx.broker().nodeId();
        Map<String, LogDirDescription> dirs = ctx.admin().describeLogDirs(List.of(node)).descriptions().get(node)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        long size = -1;
        for (LogDirDescription dir : dirs.values()) {
            ReplicaInfo info = dir.replicaInfos().get(tp);
            if (info != null) {
                size = info.size();
            }
        }
        return size;
    }

    private static void headers(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        out.expect("produce.exit", 0, kcat(ctx, "with-headers\n", "-P", "-t", topic, "-H", "a=1", "-H", "a=2",
            "-H", "empty=").exitCode());
        out.expect("read", List.of("a=1,a=2,empty=|with-headers"),
            kcat(ctx, null, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%h|%s\\n").lines());
    }

    private static void nulls(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        out.expect("produce.exit", 0, kcat(ctx, ":value-without-key\nkey-without-value:\n:\n", "-P", "-t", topic,
            "-K:", "-Z", "-p", "0").exitCode());
        out.expect("read", List.of("0|0|-1|NULL|17|value-without-key", "0|1|17|key-without-value|-1|NULL",
            "0|2|-1|NULL|-1|NULL"), consumeAll(ctx, topic));
    }

    private static void largeRecord(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        String value = "x".repeat(900 * 1024);
        Kcat.Result produced = kcat(ctx, "big:" + value + "\nsmall:after\n", "-P", "-t", topic, "-K:",
            "-X", "message.max.bytes=4000000");
        out.expect("produce.exit", 0, produced.exitCode());
        List<String> read = kcat(ctx, null, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%o|%k|%S\\n")
            .lines();
        out.expect("read", List.of("0|big|" + value.length(), "1|small|5"), read);
    }

    private static void tooLarge(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        String small = ctx.createTopic("small", 1, Map.of("max.message.bytes", "10000"));
        Kcat.Result overBroker = kcat(ctx, "x".repeat(1536 * 1024) + "\n", "-P", "-t", topic,
            "-X", "message.max.bytes=4000000");
        out.put("over.broker.limit.exit", overBroker.exitCode());
        out.check("over.broker.limit.refused", overBroker.err().contains("Message size too large"));
        Kcat.Result overTopic = kcat(ctx, "x".repeat(20_000) + "\n", "-P", "-t", small);
        out.put("over.topic.limit.exit", overTopic.exitCode());
        out.check("over.topic.limit.refused", overTopic.err().contains("Message size too large"));
        out.expect("under.topic.limit.exit", 0, kcat(ctx, "x".repeat(5_000) + "\n", "-P", "-t", small).exitCode());
        out.expect("end.offsets", List.of("[0] offset 0", "[0] offset 1"), List.of(query(ctx, topic, -1),
            query(ctx, small, -1)));
    }

    private static void idempotent(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 3);
        List<Long> exits = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            exits.add((long) kcat(ctx, lines(100, "key-%d:value-%d"), "-P", "-t", topic, "-K:", "-p", String.valueOf(p),
                "-X", "enable.idempotence=true").exitCode());
        }
        out.expect("produce.exits", List.of(0L, 0L, 0L), exits);
        List<String> read = consumeAll(ctx, topic);
        out.expect("read.count", 300, read.size());
        Map<String, Long> ends = new TreeMap<>();
        boolean contiguous = true;
        for (String line : read) {
            String[] f = line.split("\\|");
            long expected = ends.getOrDefault(f[0], 0L);
            contiguous &= Long.parseLong(f[1]) == expected;
            ends.put(f[0], expected + 1);
        }
        out.check("offsets.contiguous.from.0", contiguous);
        out.expect("end.offset.per.partition", Map.of("0", 100L, "1", 100L, "2", 100L), ends);
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
        List<String> read = kcat(ctx, null, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%p:%o:%s\\n")
            .lines().stream().sorted().toList();
        List<String> expected = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < 10; i++) {
                expected.add(p + ":" + i + ":p" + p + "-v" + i);
            }
        }
        out.expect("read", expected.stream().sorted().toList(), read);
    }

    private static void seek(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(new ProducerRecord<>(topic, "k", "v" + i));
        }
        ScenarioContext.sendAll(ctx.producer(), records);
        Map<String, Object> seen = new LinkedHashMap<>();
        for (String offset : List.of("5", "9", "-2", "end")) {
            seen.put(offset, kcat(ctx, null, "-C", "-t", topic, "-p", "0", "-o", offset, "-e", "-q", "-f", "%o:%s\\n")
                .lines());
        }
        out.expect("read", Map.of("5", List.of("5:v5", "6:v6", "7:v7", "8:v8", "9:v9"), "9", List.of("9:v9"),
            "-2", List.of("8:v8", "9:v9"), "end", List.of()), seen);
    }

    private static void offsetsForTimes(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        long base = System.currentTimeMillis() - 3_600_000L;
        var producer = ctx.producer(Map.of("linger.ms", 5000));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(new ProducerRecord<>(topic, 0, base + i * 1000L, "k", "v" + i));
        }
        ScenarioContext.sendAll(producer, records);
        Map<String, Object> seen = new LinkedHashMap<>();
        Map<String, Long> queries = new LinkedHashMap<>();
        queries.put("before.first", base - 1000);
        queries.put("between.1.and.2", base + 1500);
        queries.put("at.last", base + 4000);
        for (Map.Entry<String, Long> query : queries.entrySet()) {
            List<String> read = kcat(ctx, null, "-C", "-t", topic, "-p", "0", "-o", "s@" + query.getValue(), "-e", "-q",
                "-f", "%o:%s\\n").lines();
            seen.put(query.getKey(), read.isEmpty() ? "nothing" : read.get(0));
        }
        out.expect("first", Map.of("before.first", "0:v0", "between.1.and.2", "2:v2", "at.last", "4:v4"), seen);
    }

    private static void beginningEndOffsets(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        out.expect("empty", List.of("[0] offset 0", "[0] offset 0"), List.of(query(ctx, topic, -2), query(ctx, topic, -1)));
        kcat(ctx, lines(7, "k%d:v%d"), "-P", "-t", topic, "-K:");
        out.expect("after.7.records", List.of("[0] offset 0", "[0] offset 7"), List.of(query(ctx, topic, -2),
            query(ctx, topic, -1)));
    }

    private static Map<String, Object> describeGroup(ScenarioContext ctx, String group) throws Exception {
        ConsumerGroupDescription d = ctx.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", JavaApi.property(d, "groupState", "state"));
        view.put("members", d.members().size());
        view.put("assignor", d.partitionAssignor());
        return view;
    }

    private static void groupJoin(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 3);
        GroupScenarios.produce(ctx, topic, 3, 2);
        String group = ctx.name("g");
        Kcat.Result read = Kcat.run(ctx.broker().bootstrapServers(), List.of("-G", group, "-e", "-q",
            "-X", "session.timeout.ms=6000", "-X", "auto.offset.reset=earliest", "-f", "%p:%o:%s\\n", topic), null,
            Duration.ofSeconds(45));
        out.expect("exit", 0, read.exitCode());
        out.expect("read", List.of("0:0:p0-v0", "0:1:p0-v1", "1:0:p1-v0", "1:1:p1-v1", "2:0:p2-v0", "2:1:p2-v1"),
            read.lines().stream().sorted().toList());
        out.expect("after.exit", Map.of("state", "EMPTY", "members", 0L, "assignor", ""), describeGroup(ctx, group));
    }

    private static void commitAndResume(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        GroupScenarios.produce(ctx, topic, 1, 10);
        String group = ctx.name("g");
        List<String> common = List.of("-G", group, "-q", "-X", "session.timeout.ms=6000",
            "-X", "auto.offset.reset=earliest", "-f", "%o:%s\\n");
        List<String> first = new ArrayList<>(common);
        first.addAll(List.of("-c", "5", topic));
        Kcat.Result one = Kcat.run(ctx.broker().bootstrapServers(), first, null, Duration.ofSeconds(45));
        out.expect("first", List.of("0:p0-v0", "1:p0-v1", "2:p0-v2", "3:p0-v3", "4:p0-v4"), one.lines());
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
            JavaApi.committed(ctx.admin(), group, null).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        var offset = committed.get(new TopicPartition(topic, 0));
        out.expect("committed", 5L, offset == null ? null : offset.offset());
        List<String> second = new ArrayList<>(common);
        second.addAll(List.of("-e", topic));
        Kcat.Result two = Kcat.run(ctx.broker().bootstrapServers(), second, null, Duration.ofSeconds(45));
        out.expect("resumed", List.of("5:p0-v5", "6:p0-v6", "7:p0-v7", "8:p0-v8", "9:p0-v9"), two.lines());
    }
}
