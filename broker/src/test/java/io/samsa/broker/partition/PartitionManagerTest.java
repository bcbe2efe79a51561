package io.samsa.broker.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.broker.common.Time;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.LogConfig;
import io.samsa.broker.log.LogManager;
import io.samsa.broker.log.LogManagerConfig;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.BrokerEndpoint;
import io.samsa.broker.metadata.ConfigChange;
import io.samsa.broker.metadata.ConfigResource;
import io.samsa.broker.metadata.MetadataSettings;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.NewTopic;
import io.samsa.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hosted partitions follow the metadata: topics created, deleted, recreated, reconfigured, and restarts. */
class PartitionManagerTest {
    private static final int NODE = 1;
    @TempDir
    Path dir;
    MetadataStore metadata;
    LogManager logs;
    PartitionManager partitions;
    final ManualTimer timer = new ManualTimer();

    @BeforeEach
    void open() throws Exception {
        metadata = MetadataStore.openLocal(NODE, dir.resolve("metadata"), MetadataSettings.defaults());
        metadata.registerBroker(NODE, UUID.randomUUID(), List.of(new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9092,
                "PLAINTEXT")), null).get(10, TimeUnit.SECONDS);
        openPartitions();
    }

    private void openPartitions() throws Exception {
        logs = LogManager.open(LogManagerConfig.of(List.of(dir.resolve("logs"))), topic -> LogConfig.defaults(),
                Time.SYSTEM, timer);
        partitions = PartitionManager.open(NODE, metadata, logs, LogConfig.defaults(), LocalReplication.factory(), timer);
    }

    @AfterEach
    void close() throws Exception {
        partitions.close();
        logs.close();
        metadata.close();
    }

    private UUID create(String topic, int count) throws Exception {
        return metadata.createTopics(List.of(NewTopic.of(topic, count, 1)), false).get(10, TimeUnit.SECONDS)
                .get(topic).topicId();
    }

    private Partition hosted(String topic, int partition) {
        return partitions.partition(new TopicPartition(topic, partition)).orElseThrow();
    }

    @Test
    void aCreatedTopicIsHostedAsSoonAsCreateTopicsAnswers() throws Exception {
        UUID id = create("orders", 3);
        for (int p = 0; p < 3; p++) {
            Partition partition = hosted("orders", p);
            assertEquals(id, partition.topicId());
            assertTrue(partition.isLeader());
            assertEquals(0, partition.leaderEpoch());
            assertEquals(partition, partitions.partition(id, p).orElseThrow(), "found by topic id too");
            assertEquals(id, PartitionMetadataFile.read(partition.log().dir()), "partition.metadata names the topic");
        }
        assertTrue(partitions.partition(id, 3).isEmpty());
    }

    @Test
    void aDeletedTopicsPartitionsAndLogsGoAndTheirWaitingFetchesAreAnswered() throws Exception {
        create("gone", 1);
        Partition partition = hosted("gone", 0);
        Path logDir = partition.log().dir();
        DelayedFetch waiting = partitions.delayFetch(List.of(partition), new long[] {0}, 1, 30_000);
        metadata.deleteTopics(List.of("gone")).get(10, TimeUnit.SECONDS);
        assertTrue(partitions.partition(new TopicPartition("gone", 0)).isEmpty());
        assertTrue(waiting.future().isDone());
        assertFalse(Files.exists(logDir), "the directory was renamed for deletion");
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, partition.checkLeader(Partition.NO_EPOCH_CHECK, true));
    }

    @Test
    void aTopicRecreatedUnderTheSameNameStartsEmpty() throws Exception {
        UUID first = create("again", 1);
        hosted("again", 0).appendRecordsToLeader(PartitionTestSupport.batch(3, 1), AppendOrigin.CLIENT, (short) 1).join();
        metadata.deleteTopics(List.of("again")).get(10, TimeUnit.SECONDS);
        UUID second = create("again", 1);
        assertNotEquals(first, second);
        Partition partition = hosted("again", 0);
        assertEquals(second, partition.topicId());
        assertEquals(0, partition.log().logEndOffset());
    }

    @Test
    void aLogLeftByAnOlderTopicOfTheSameNameIsNotServedAfterARestart() throws Exception {
        create("stale", 1);
        hosted("stale", 0).appendRecordsToLeader(PartitionTestSupport.batch(2, 1), AppendOrigin.CLIENT, (short) 1).join();
        Path logDir = hosted("stale", 0).log().dir();
        partitions.close();
        logs.close();
        PartitionMetadataFile.write(logDir, UUID.randomUUID()); // as if the topic had been deleted and recreated meanwhile
        openPartitions();
        assertEquals(0, hosted("stale", 0).log().logEndOffset(), "the old data is not served under the new id");
    }

    @Test
    void aRestartReopensThePartitionsWithTheirDataCommitted() throws Exception {
        UUID id = create("kept", 2);
        hosted("kept", 1).appendRecordsToLeader(PartitionTestSupport.batch(5, 1), AppendOrigin.CLIENT, (short) 1).join();
        partitions.close();
        logs.close();
        openPartitions();
        Partition partition = hosted("kept", 1);
        assertEquals(id, partition.topicId());
        assertEquals(5, partition.log().logEndOffset());
        assertEquals(5, partition.highWatermark(), "single replica: everything on disk is committed");
    }

    @Test
    void topicConfigChangesReachTheLogs() throws Exception {
        create("tuned", 1);
        assertEquals(LogConfig.defaults().maxMessageBytes(), hosted("tuned", 0).log().config().maxMessageBytes());
        metadata.alterConfigs(Map.of(ConfigResource.topic("tuned"), List.of(ConfigChange.set("max.message.bytes", "2048"))),
                false, false).get(10, TimeUnit.SECONDS);
        assertEquals(2048, hosted("tuned", 0).log().config().maxMessageBytes());
    }

    @Test
    void shutdownAnswersWaitingAndLaterFetchesAtOnce() throws Exception {
        create("polled", 1);
        Partition partition = hosted("polled", 0);
        DelayedFetch before = partitions.delayFetch(List.of(partition), new long[] {0}, 1, 30_000);
        partitions.completeDelayedFetches();
        assertTrue(before.future().isDone());
        DelayedFetch after = partitions.delayFetch(List.of(partition), new long[] {0}, 1, 30_000);
        assertTrue(after.future().isDone());
    }

    @Test
    void logsOnDiskThatNoTopicClaimsAreLeftAlone() throws Exception {
        partitions.close();
        logs.close();
        Path stray = Files.createDirectories(dir.resolve("logs").resolve("orphan-0"));
        openPartitions();
        assertTrue(partitions.partition(new TopicPartition("orphan", 0)).isEmpty());
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            assertTrue(files.anyMatch(stray::equals));
        }
    }
}
