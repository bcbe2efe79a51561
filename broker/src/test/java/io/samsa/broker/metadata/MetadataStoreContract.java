package io.samsa.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.protocol.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a one-node {@link MetadataStore} must do whichever log it runs on; subclasses supply the log
 * ({@link LocalMetadataStoreTest}: the local journal; {@link RaftMetadataStoreTest}: a one-voter Ratis group).
 */
abstract class MetadataStoreContract {

    static final int NODE = 1;
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    MetadataStore store;

    /** Opens the store on {@code dir} and waits until it is ready; snapshots every {@code snapshotThreshold}. */
    abstract MetadataStore open(Path dir, long snapshotThreshold) throws Exception;

    /** Closes the store and whatever it runs on. */
    abstract void closeStore() throws Exception;

    @AfterEach
    void tearDown() throws Exception {
        if (store != null) {
            closeStore();
        }
    }

    private void restart(long snapshotThreshold) throws Exception {
        closeStore();
        store = open(dir, snapshotThreshold);
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void registerSelf() throws Exception {
        get(store.registerBroker(NODE, UUID.randomUUID(),
                List.of(new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9092, "PLAINTEXT")), null));
    }

    @Test
    void topicsAndConfigsSurviveARestartAsTheIdenticalImage() throws Exception {
        store = open(dir, 10_000);
        assertNotNull(store.image().clusterId());
        assertEquals(NODE, store.image().controllerId());
        registerSelf();
        Map<String, CreateTopicResult> created = get(store.createTopics(List.of(
                NewTopic.of("orders", 3, 1).withConfigs(Map.of("retention.ms", "3600000")),
                NewTopic.of("payments", -1, -1)), false));
        assertTrue(created.get("orders").isOk(), created.toString());
        assertEquals(3, created.get("orders").numPartitions());
        // The answer is only given once the local image shows the topic.
        assertEquals(created.get("orders").topicId(), store.image().topic("orders").orElseThrow().topicId());
        assertEquals(Map.of("retention.ms", "3600000"), store.image().topicConfigs("orders"));

        Map<ConfigResource, MetadataResult> altered = get(store.alterConfigs(Map.of(
                ConfigResource.topic("payments"), List.of(ConfigChange.set("cleanup.policy", "compact")),
                ConfigResource.broker(NODE), List.of(ConfigChange.set("log.retention.ms", "1000")),
                ConfigResource.topic("ghost"), List.of(ConfigChange.set("a", "b"))), false, false));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, altered.get(ConfigResource.topic("ghost")).error());
        assertTrue(altered.get(ConfigResource.topic("payments")).isOk());
        ProducerIdBlock block = get(store.allocateProducerIds(NODE));
        assertEquals(Map.of("payments", MetadataResult.OK), get(store.createPartitions(
                List.of(NewPartitions.increaseTo("payments", 2)), false)));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, get(store.deleteTopics(List.of("nope"))).get("nope").error());

        MetadataImage before = store.image();
        restart(10_000);
        Await.until(WAIT, "the restarted image equals the one before", () -> store.image().equals(before));
        assertEquals(Map.of("cleanup.policy", "compact"), store.image().topicConfigs("payments"));
        assertEquals(Map.of("log.retention.ms", "1000"), store.image().brokerConfigs(NODE));

        ProducerIdBlock next = get(store.allocateProducerIds(NODE));
        assertTrue(next.firstProducerId() > block.lastProducerId(), "producer ids stay unique across restarts");
        assertEquals(ErrorCode.TOPIC_ALREADY_EXISTS, get(store.createTopics(List.of(NewTopic.of("orders", 1, 1)),
                false)).get("orders").error());
    }

    @Test
    void aRestartFromASnapshotGivesTheIdenticalImage() throws Exception {
        store = open(dir, 20);
        registerSelf();
        for (int i = 0; i < 25; i++) {
            get(store.createTopics(List.of(NewTopic.of("t" + i, 1, 1)), false));
        }
        assertEquals(Map.of("t3", MetadataResult.OK), get(store.deleteTopics(List.of("t3"))));
        MetadataImage before = store.image();
        assertEquals(24, before.topics().size());
        restart(20);
        Await.until(WAIT, "the restarted image equals the one before", () -> store.image().equals(before));
    }

    @Test
    void concurrentCreatesOfOneTopicHaveExactlyOneWinner() throws Exception {
        store = open(dir, 10_000);
        registerSelf();
        List<CompletableFuture<Map<String, CreateTopicResult>>> attempts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            attempts.add(store.createTopics(List.of(NewTopic.of("contested", i + 1, 1)), false));
        }
        List<ErrorCode> errors = new ArrayList<>();
        Set<UUID> ids = new HashSet<>();
        for (CompletableFuture<Map<String, CreateTopicResult>> a : attempts) {
            CreateTopicResult r = get(a).get("contested");
            errors.add(r.error());
            if (r.isOk()) {
                ids.add(r.topicId());
            }
        }
        assertEquals(1, errors.stream().filter(e -> e == ErrorCode.NONE).count(), errors.toString());
        assertEquals(3, errors.stream().filter(e -> e == ErrorCode.TOPIC_ALREADY_EXISTS).count(), errors.toString());
        assertEquals(ids, Set.of(store.image().topic("contested").orElseThrow().topicId()));
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        store = open(dir, 10_000);
        registerSelf();
        long offset = store.image().offset();
        CreateTopicResult r = get(store.createTopics(List.of(NewTopic.of("dry", 4, 1)), true)).get("dry");
        assertTrue(r.isOk());
        assertEquals(4, r.numPartitions());
        assertTrue(store.image().topic("dry").isEmpty());
        assertEquals(offset, store.image().offset());
    }
}
