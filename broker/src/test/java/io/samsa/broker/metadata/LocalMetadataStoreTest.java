package io.samsa.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The metadata store of a single node, on the local journal. */
class LocalMetadataStoreTest extends MetadataStoreContract {

    @Override
    MetadataStore open(Path dir, long snapshotThreshold) throws Exception {
        return MetadataStore.openLocal(NODE, dir, MetadataSettings.defaults().withSnapshotThreshold(snapshotThreshold));
    }

    @Override
    void closeStore() {
        store.close();
    }

    @Test
    void snapshotsReplaceTheJournalOnDisk() throws Exception {
        store = open(dir, 20);
        registerSelf();
        for (int i = 0; i < 30; i++) {
            get(store.createTopics(List.of(NewTopic.of("t" + i, 1, 1)), false));
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(1, names.stream().filter(n -> n.startsWith("snapshot-")).count(), names.toString());
            assertEquals(1, names.stream().filter(n -> n.startsWith("journal-")).count(), names.toString());
        }
    }

    @Test
    void aMissingTopicCannotBeGivenPartitionsOrDeleted() throws Exception {
        store = open(dir, 10_000);
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, get(store.createPartitions(
                List.of(NewPartitions.increaseTo("ghost", 3)), false)).get("ghost").error());
        assertEquals(Map.of("ghost", MetadataResult.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null)),
                get(store.deleteTopics(List.of("ghost"))));
        CreateTopicResult noBrokers = get(store.createTopics(List.of(NewTopic.of("t", 1, 1)), false)).get("t");
        assertEquals(ErrorCode.INVALID_REPLICATION_FACTOR, noBrokers.error(), "no broker has registered yet");
        assertTrue(store.isController());
    }
}
