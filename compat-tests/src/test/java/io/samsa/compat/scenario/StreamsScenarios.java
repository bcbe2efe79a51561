package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import io.samsa.compat.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Kafka Streams (run in a child JVM with the kafka-streams jar and its own kafka-clients): the
 * word count of Kafka's quickstart, at-least-once, with a repartition topic (grouping by word) and
 * a persistent state store (RocksDB) with its changelog. The input topic is created by the broker
 * when the first record is produced (auto.create.topics.enable), the output topic when Streams
 * writes to it, and the internal topics by Streams itself with {@code replication.factor=-1} (the
 * broker's default). Observed: the final counts, the internal topics' partitions and configs, the
 * group Streams forms, its committed offsets, the purge of the repartition topic (DeleteRecords
 * after each commit), and, after a restart, the counts continuing from the restored store.
 */
public final class StreamsScenarios {
    private static final List<String> LINES = List.of("all streams lead to kafka", "hello kafka streams",
        "join kafka summit", "kafka kafka kafka");
    private static final List<String> TOPIC_CONFIG_KEYS = List.of("cleanup.policy", "retention.ms", "segment.bytes",
        "message.timestamp.type", "retention.bytes", "max.message.bytes");

    private StreamsScenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
            Scenario.of("streams-word-count", "streams",
                "word count with a repartition topic and a state store: counts, internal topics and their configs, "
                    + "the application's group and commits, repartition purge",
                StreamsScenarios::wordCount).withTimeout(Duration.ofSeconds(120)),
            Scenario.of("streams-word-count-restart", "streams",
                "the word count application restarts: its store comes back from the changelog and counts go on",
                StreamsScenarios::restart).withTimeout(Duration.ofSeconds(120)));
    }

    /** One running word-count application; closed (and its state directory deleted) at the end. */
    private static final class WordCount implements AutoCloseable {
        final KafkaStreams streams;
        final List<String> states = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        /** Completed by the state listener on RUNNING, or exceptionally by the exception handler. */
        final CompletableFuture<Void> running = new CompletableFuture<>();

        WordCount(ScenarioContext ctx, String applicationId, String input, String output, Path stateDir) {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.toLowerCase(java.util.Locale.ROOT).split("\\W+")))
                .groupBy((key, word) -> word)
                .count(Materialized.as("counts"))
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.broker().bootstrapServers());
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
            config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.String().getClass());
            config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.String().getClass());
            config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
            config.put(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, 100);
            config.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
            config.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 500);
            streams = new KafkaStreams(builder.build(), config);
            streams.setStateListener((now, before) -> {
                states.add(now.name());
                if (now == KafkaStreams.State.RUNNING) {
                    running.complete(null);
                }
            });
            streams.setUncaughtExceptionHandler(e -> {
                errors.add(e);
                running.completeExceptionally(e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
            });
            streams.start();
        }

        void awaitRunning() throws Exception {
            try {
                running.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("Kafka Streams is " + streams.state() + " after 60 s; states " + states, e);
            }
        }

        @Override
        public void close() {
            streams.close(Duration.ofSeconds(20));
        }
    }

    private static void produceLines(ScenarioContext ctx, String input, List<String> lines) throws Exception {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        lines.forEach(line -> records.add(new ProducerRecord<>(input, null, line)));
        ScenarioContext.sendAll(ctx.producer(), records);
    }

    /** The last count per word in the output, read until {@code until} holds or the wait ends. */
    private static Map<String, Long> counts(ScenarioContext ctx, String output, Map<String, Long> until) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        @SuppressWarnings({"unchecked", "rawtypes"})
        KafkaConsumer<String, Long> consumer = (KafkaConsumer) ctx.consumer(overrides);
        Map<String, Long> counts = new TreeMap<>();
        Deadline deadline = Deadline.after(Duration.ofSeconds(60));
        boolean assigned = false;
        while (!counts.equals(until) && !deadline.expired()) {
            if (!assigned) {
                List<TopicPartition> partitions = new ArrayList<>();
                consumer.partitionsFor(output).forEach(p -> partitions.add(new TopicPartition(output, p.partition())));
                if (partitions.isEmpty()) {
                    continue;
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                assigned = true;
            }
            for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(200))) {
                counts.put(record.key(), record.value());
            }
        }
        return counts;
    }

    private static Map<String, Long> expectedCounts(List<String> lines, int times) {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < times; i++) {
            for (String line : lines) {
                for (String word : line.split(" ")) {
                    counts.merge(word, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private static Path stateDir() throws Exception {
        return Files.createTempDirectory("compat-streams-");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static void wordCount(ScenarioContext ctx, Observations out) throws Exception {
        String app = ctx.name("app");
        String input = ctx.name("in");
        String output = ctx.name("out");
        produceLines(ctx, input, LINES);
        Path stateDir = stateDir();
        try (WordCount wordCount = new WordCount(ctx, app, input, output, stateDir)) {
            wordCount.awaitRunning();
            Map<String, Long> expected = expectedCounts(LINES, 1);
            out.expect("counts", expected, counts(ctx, output, expected));
            observeTopics(ctx, out, app, input, output);
            observeGroup(ctx, out, app, input);
            out.check("repartition.purged", awaitPurge(ctx, app + "-counts-repartition"));
            out.expect("errors", List.of(), wordCount.errors.stream().map(Throwable::toString).toList());
            out.put("states", wordCount.states);
        } finally {
            deleteTree(stateDir);
        }
    }

    private static void observeTopics(ScenarioContext ctx, Observations out, String app, String input, String output)
        throws Exception {
        Set<String> names = ctx.admin().listTopics().names().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        List<String> internal = names.stream().filter(n -> n.startsWith(app + "-")).map(n -> n.substring(app.length() + 1))
            .sorted().toList();
        out.expect("internal.topics", List.of("counts-changelog", "counts-repartition"), internal);
        for (String topic : List.of(input, output, app + "-counts-changelog", app + "-counts-repartition")) {
            String label = topic.equals(input) ? "input" : topic.equals(output) ? "output"
                : topic.substring(app.length() + 1);
            TopicDescription description = ctx.awaitLeaders(topic, 1);
            out.put(label + ".partitions", TopicScenarios.partitions(description));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = ctx.admin().describeConfigs(List.of(resource)).values().get(resource)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, String> configs = new TreeMap<>();
            for (String key : TOPIC_CONFIG_KEYS) {
                configs.put(key, ScenarioContext.valueAndSource(config.get(key)));
            }
            out.put(label + ".configs", configs);
        }
    }

    private static void observeGroup(ScenarioContext ctx, Observations out, String app, String input) throws Exception {
        ConsumerGroupDescription group = ctx.admin().describeConsumerGroups(List.of(app)).describedGroups().get(app)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        out.expect("group.state", "STABLE", JavaApi.property(group, "groupState", "state"));
        out.expect("group.members", 1, group.members().size());
        out.expect("group.assignor", "stream", group.partitionAssignor());
        TopicPartition in = new TopicPartition(input, 0);
        Deadline deadline = Deadline.after(WAIT);
        Long committed = null;
        while (!Long.valueOf(LINES.size()).equals(committed) && !deadline.expired()) {
            var offsets = JavaApi.committed(ctx.admin(), app, null).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            committed = offsets.get(in) == null ? null : offsets.get(in).offset();
        }
        out.expect("input.committed", (long) LINES.size(), committed);
    }

    /** Streams deletes consumed repartition records (DeleteRecords) after it commits. */
    private static boolean awaitPurge(ScenarioContext ctx, String repartition) throws Exception {
        TopicPartition tp = new TopicPartition(repartition, 0);
        KafkaConsumer<String, String> consumer = ctx.consumer();
        Deadline deadline = Deadline.after(WAIT);
        while (!deadline.expired()) {
            Long start = consumer.beginningOffsets(List.of(tp)).get(tp);
            if (start != null && start > 0) {
                return true;
            }
        }
        return false;
    }

    private static void restart(ScenarioContext ctx, Observations out) throws Exception {
        String app = ctx.name("app");
        String input = ctx.name("in");
        String output = ctx.name("out");
        produceLines(ctx, input, LINES);
        Path first = stateDir();
        try (WordCount wordCount = new WordCount(ctx, app, input, output, first)) {
            wordCount.awaitRunning();
            Map<String, Long> once = expectedCounts(LINES, 1);
            out.expect("counts.before.restart", once, counts(ctx, output, once));
        } finally {
            deleteTree(first);
        }
        // A new state directory: the store must come back from its changelog topic.
        produceLines(ctx, input, LINES);
        Path second = stateDir();
        try (WordCount wordCount = new WordCount(ctx, app, input, output, second)) {
            wordCount.awaitRunning();
            Map<String, Long> twice = expectedCounts(LINES, 2);
            out.expect("counts.after.restart", twice, counts(ctx, output, twice));
            out.expect("errors", List.of(), wordCount.errors.stream().map(Throwable::toString).toList());
        } finally {
            deleteTree(second);
        }
    }
}
