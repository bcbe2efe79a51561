package io.samsa.broker.clients;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.Broker;
import io.samsa.broker.testing.Processes;
import io.samsa.broker.testing.TestBrokers;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * librdkafka through kcat (installed by .ci/run from Debian's packages): metadata, keyed produce
 * with every compression codec (checked on disk: the batches really are compressed, which needs
 * Produce advertised from v0, KAFKA-18659), and consume to the end.
 */
class KcatTest {
    @TempDir
    static Path dir;
    static Broker broker;

    @BeforeAll
    static void start() {
        assertTrue(Processes.onPath("kcat"), "kcat is not installed (apt-get install kcat; .ci/run does it)");
        broker = TestBrokers.start(dir);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void metadataListsTheBrokerAndAutoCreatedTopic() throws IOException {
        produce("kcat-metadata", "none", "k:v\n");
        String json = kcat("-L", "-J", "-t", "kcat-metadata").requireSuccess().stdout();
        assertTrue(json.contains("\"topic\":\"kcat-metadata\""), json);
        assertTrue(json.contains("\"id\":1"), "broker 1 is listed: " + json);
        assertTrue(json.contains("\"leader\":1"), "partition 0 has a leader: " + json);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void producesKeyedRecordsWithEveryCodecAndReadsThemBack(CompressionType codec) throws IOException {
        String topic = "kcat-" + codec.name().toLowerCase();
        StringBuilder input = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String line = "key-" + i + ":value-" + i + "-" + "x".repeat(i % 50);
            input.append(line).append('\n');
            expected.add(line);
        }
        produce(topic, codec.name().toLowerCase(), input.toString());

        String out = kcat("-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k:%s\\n").requireSuccess().stdout();
        assertEquals(expected, out.lines().toList());

        List<CompressionType> onDisk = batchCodecsOnDisk(topic);
        assertFalse(onDisk.isEmpty(), "batches were written to " + topic);
        // librdkafka sends a batch uncompressed when compressing does not make it smaller.
        assertTrue(onDisk.stream().allMatch(c -> c == codec || c == CompressionType.NONE), codec + ": " + onDisk);
        assertTrue(onDisk.contains(codec), "batches on disk are really " + codec + ": " + onDisk);
    }

    @Test
    void balancedConsumerGroupCommitsAndResumes() throws IOException {
        String topic = "kcat-group";
        broker.services().metadata().createTopics(
                List.of(io.samsa.broker.metadata.NewTopic.of(topic, 3, 1)), false).join();
        produce(topic, "none", lines(0, 30));
        assertEquals(30, groupConsume(topic).size(), "the first member reads everything");
        produce(topic, "none", lines(30, 35));
        List<String> resumed = groupConsume(topic);
        assertEquals(List.of("value-30", "value-31", "value-32", "value-33", "value-34"),
                resumed.stream().sorted().toList(), "a new member resumes from the committed offsets");
    }

    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("key-").append(i).append(":value-").append(i).append('\n');
        }
        return sb.toString();
    }

    /** librdkafka's balanced consumer (-G): joins the group, reads to the end of every partition, commits, leaves. */
    private static List<String> groupConsume(String topic) throws IOException {
        return kcat("-G", "kcat-group-1", "-X", "auto.offset.reset=earliest", "-e", "-q", "-f", "%s\\n", topic)
                .requireSuccess().stdout().lines().toList();
    }

    private static void produce(String topic, String codec, String lines) throws IOException {
        kcatWithInput(lines, "-P", "-t", topic, "-K", ":", "-z", codec, "-X", "linger.ms=5").requireSuccess();
    }

    private static Processes.Result kcat(String... args) throws IOException {
        return kcatWithInput(null, args);
    }

    private static Processes.Result kcatWithInput(String stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", TestBrokers.bootstrap(broker), "-m", "10"));
        command.addAll(List.of(args));
        return Processes.run(command, stdin, 60);
    }

    /** The compression of every batch in the topic's segment files, read straight from disk. */
    private static List<CompressionType> batchCodecsOnDisk(String topic) throws IOException {
        List<CompressionType> codecs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path segment : files.filter(p -> p.getParent().getFileName().toString().startsWith(topic + "-")
                    && p.toString().endsWith(".log")).toList()) {
                ByteBuf bytes = Unpooled.wrappedBuffer(Files.readAllBytes(segment));
                while (RecordBatch.sizeOf(bytes, bytes.readerIndex()) > 0
                        && bytes.readableBytes() >= RecordBatch.sizeOf(bytes, bytes.readerIndex())) {
                    RecordBatch batch = RecordBatch.view(bytes);
                    codecs.add(batch.compressionType());
                    bytes.skipBytes(batch.sizeInBytes());
                }
            }
        }
        return codecs;
    }
}
