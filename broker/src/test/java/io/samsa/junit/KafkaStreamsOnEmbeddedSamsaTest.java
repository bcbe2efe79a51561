package io.samsa.junit;

import io.samsa.embedded.SamsaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Kafka Streams word count (a repartition topic and a state store, at-least-once) against the
 * embedded broker in a plain JUnit test; Streams creates its internal topics itself.
 */
@EmbeddedSamsa(topics = {"lines:2", "counts:2"})
class KafkaStreamsOnEmbeddedSamsaTest {

    @Test
    void wordCountRunsWithInternalTopicsCreatedByStreams(SamsaBroker broker, @TempDir Path stateDir) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("lines", Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\s+")))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count()
                .toStream()
                .to("counts", Produced.with(Serdes.String(), Serdes.Long()));

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);

        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.producerProperties())) {
                for (String line : List.of("the quick brown fox", "the lazy dog", "The end")) {
                    producer.send(new ProducerRecord<>("lines", line));
                }
            }
            Map<String, Long> counts = readCounts(broker, Map.of("the", 3L, "fox", 1L, "dog", 1L, "end", 1L));
            assertEquals(3L, counts.get("the"));
            assertEquals(1L, counts.get("quick"));
            assertEquals(1L, counts.get("end"));
        }
    }

    /** Latest count per word, polled until {@code expected} is reached or a deadline passes. */
    private static Map<String, Long> readCounts(SamsaBroker broker, Map<String, Long> expected) {
        Properties props = broker.consumerProperties("count-reader");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.LongDeserializer");
        Map<String, Long> latest = new HashMap<>();
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("counts"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !latest.entrySet().containsAll(expected.entrySet())) {
                for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), record.value());
                }
            }
        }
        return latest;
    }
}
