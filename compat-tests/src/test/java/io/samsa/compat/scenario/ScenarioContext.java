package io.samsa.compat.scenario;

import io.samsa.compat.Deadline;
import io.samsa.compat.broker.BrokerUnderTest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a scenario works with: the broker, a shared AdminClient, fresh names, and clients that are
 * closed when the scenario ends (whatever happened). Client defaults keep a broken broker from
 * stalling a run: short request and blocking timeouts, 6 s sessions, 500 ms heartbeats, manual
 * commits, {@code auto.offset.reset=earliest}.
 *
 * <p>Confined to the scenario's thread, except {@link #wakeUpConsumers()} and {@link #close()},
 * which the runner calls after that thread has ended or timed out.
 */
public final class ScenarioContext implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);
    public static final int SESSION_TIMEOUT_MS = 6000;

    private final String scenario;
    private final BrokerUnderTest broker;
    private final Admin admin;
    private final String runTag;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final List<KafkaConsumer<?, ?>> consumers = new ArrayList<>();
    private int clients;

    ScenarioContext(String scenario, BrokerUnderTest broker, Admin admin, String runTag) {
        this.scenario = scenario;
        this.broker = broker;
        this.admin = admin;
        this.runTag = runTag;
    }

    public BrokerUnderTest broker() {
        return broker;
    }

    public Admin admin() {
        return admin;
    }

    /** A fresh topic or group name: the scenario's name, the suffix and the run's tag. */
    public String name(String suffix) {
        return scenario + "-" + suffix + "-" + runTag;
    }

    public String createTopic(String suffix, int partitions) throws Exception {
        return createTopic(suffix, partitions, Map.of());
    }

    /** Creates a topic (replication factor 1) and waits until every partition has a leader. */
    public String createTopic(String suffix, int partitions, Map<String, String> configs) throws Exception {
        String topic = name(suffix);
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all()
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        awaitLeaders(topic, partitions);
        return topic;
    }

    /** Waits until describeTopics shows {@code partitions} partitions, each with a leader. */
    public TopicDescription awaitLeaders(String topic, int partitions) throws Exception {
        Deadline deadline = Deadline.after(WAIT);
        String last = "";
        while (!deadline.expired()) {
            try {
                TopicDescription description = JavaApi.describeTopic(admin, topic)
                    .get(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
                if (description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return description;
                }
                last = description.toString();
            } catch (ExecutionException e) {
                last = Outcome.name(e);
            }
        }
        throw new AssertionError("timed out waiting for " + partitions + " partitions with leaders; last: " + last);
    }

    /** The topic's config entry, waited for until {@code until} accepts it (config changes propagate). */
    public ConfigEntry awaitConfig(ConfigResource resource, String name, Predicate<ConfigEntry> until)
        throws Exception {
        Deadline deadline = Deadline.after(WAIT);
        ConfigEntry entry = null;
        while (!deadline.expired()) {
            Config config = admin.describeConfigs(List.of(resource)).values().get(resource)
                .get(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
            entry = config.get(name);
            if (entry != null && until.test(entry)) {
                return entry;
            }
        }
        throw new AssertionError("timed out waiting for config " + name + " of " + resource + "; last: " + entry);
    }

    /** Closes {@code resource} when the scenario ends (a process it started, a client). */
    public void onClose(AutoCloseable resource) {
        resources.push(resource);
    }

    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, scenario + "-producer-" + (++clients));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    public KafkaProducer<String, String> producer() {
        return producer(Map.of());
    }

    public KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Map<String, Object> config = producerConfig();
        config.putAll(overrides);
        KafkaProducer<String, String> producer = new KafkaProducer<>(config);
        resources.push(() -> producer.close(Duration.ofSeconds(5)));
        return producer;
    }

    public Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, scenario + "-consumer-" + (++clients));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 20_000);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return config;
    }

    /** A consumer without a group (assign/seek). */
    public KafkaConsumer<String, String> consumer() {
        return consumer(Map.of());
    }

    public KafkaConsumer<String, String> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = consumerConfig();
        config.putAll(overrides);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        synchronized (consumers) {
            consumers.add(consumer);
        }
        // No wait on close: a parked fetch (up to fetch.max.wait.ms) would otherwise hold it, and
        // how a client closes is not what scenarios observe; members that must leave call leave().
        resources.push(() -> JavaApi.closeNow(consumer));
        return consumer;
    }

    /** A consumer in {@code groupId} (subscribe, commit). */
    public KafkaConsumer<String, String> groupConsumer(String groupId, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        return consumer(config);
    }

    /** A group member with its own consumer, subscribed to {@code topics}. */
    public GroupMember member(String name, String groupId, List<String> topics, Map<String, Object> overrides) {
        return new GroupMember(name, groupConsumer(groupId, overrides), topics);
    }

    /** Sends every value (keys from {@code key}, null allowed), flushes, and returns the acks. */
    public static List<RecordMetadata> sendAll(KafkaProducer<String, String> producer,
                                               List<org.apache.kafka.clients.producer.ProducerRecord<String, String>> records)
        throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (var record : records) {
            futures.add(producer.send(record));
        }
        producer.flush();
        List<RecordMetadata> acks = new ArrayList<>();
        for (Future<RecordMetadata> future : futures) {
            acks.add(future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        return acks;
    }

    /**
     * Reads a topic from the beginning of every partition with a fresh group-less consumer until
     * {@code expected} records arrived (or the wait ends), ordered by partition then offset.
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        return readAll(topic, expected, Map.of());
    }

    public List<ConsumerRecord<String, String>> readAll(String topic, int expected, Map<String, Object> overrides) {
        KafkaConsumer<String, String> consumer = consumer(overrides);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return poll(consumer, expected, WAIT);
    }

    /** Polls until {@code expected} records arrived or {@code timeout} passed. */
    public static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int expected,
                                                            Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        while (records.size() < expected && !deadline.expired()) {
            consumer.poll(deadline.step(Duration.ofMillis(500))).forEach(records::add);
        }
        records.sort(Comparator.comparingInt((ConsumerRecord<String, String> r) -> r.partition())
            .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /** Config entry as {@code value|SOURCE}: the pair the differential run compares. */
    public static String valueAndSource(ConfigEntry entry) {
        return entry == null ? null : entry.value() + "|" + entry.source();
    }

    public static <T> T orNull(Optional<T> optional) {
        return optional.orElse(null);
    }

    void wakeUpConsumers() {
        synchronized (consumers) {
            consumers.forEach(KafkaConsumer::wakeup);
        }
    }

    /** Closes every client the scenario opened, newest first; failures to close are ignored. */
    @Override
    public void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception | Error ignored) {
                // a client of a failed scenario may refuse to close cleanly; the next one must still close
            }
        }
    }
}
