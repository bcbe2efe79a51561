package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Apache Kafka as its own scripts would run it, minus the scripts: KRaft combined mode (one node
 * that is broker and controller, a static one-voter quorum on a second loopback port), storage
 * formatted before the timed launch, then {@code kafka.Kafka server.properties} (see
 * {@link KafkaProcess}). The classpath is the file {@code bench/kafka}'s
 * {@code dependency:build-classpath} wrote.
 */
final class KafkaBroker extends KafkaProcess {
    KafkaBroker(Path workDir, List<String> jvmOptions, String classpath) throws IOException {
        super("kafka", workDir, jvmOptions, 2, classpath);
    }

    @Override
    protected void prepare() throws IOException {
        prepareCombinedNode(new LinkedHashMap<>(), 1, "1@" + controllerAddress(), newClusterId());
    }
}
