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
