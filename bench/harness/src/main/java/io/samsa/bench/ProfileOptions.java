package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The options both profiles ({@link Profile}, {@link ClusterProfile}) take besides their own: where
 * the summaries and recordings go, the Samsa jar, which brokers, and the load tools' and Kafka's
 * classpaths from the bench directory.
 */
final class ProfileOptions {
    private final Path bench = Path.of(System.getProperty("bench.dir", "bench"));
    Path out;
    Path samsaJar = bench.resolve("target/samsa.jar");
    List<String> brokers = List.of("samsa");

    /** @param out the default output directory, relative to the bench directory */
    ProfileOptions(String out) {
        this.out = bench.resolve(out);
    }

    /**
     * Takes {@code args[index]} and its value as {@code --out}, {@code --samsa-jar} or {@code --brokers}.
     *
     * @param options the profile's options, said when {@code args[index]} is none of its options
     * @return the index of the value taken
     * @throws IllegalArgumentException if {@code args[index]} is none of them
     */
    int parse(String[] args, int index, String options) {
        int i = index;
        switch (args[i]) {
            case "--out" -> out = Path.of(args[++i]);
            case "--samsa-jar" -> samsaJar = Path.of(args[++i]);
            case "--brokers" -> brokers = Arrays.asList(args[++i].split(","));
            default -> throw new IllegalArgumentException("unknown option " + args[i] + " " + options);
        }
        return i;
    }

    /** Creates the output directory and the load tools that write into it. */
    KafkaTools tools() throws IOException {
        Files.createDirectories(out);
        return new KafkaTools(Bench.readClasspath(bench.resolve("target/kafka-tools.classpath")), out);
    }

    String kafkaClasspath() throws IOException {
        return Bench.readClasspath(bench.resolve("target/kafka-broker.classpath"));
    }
}
