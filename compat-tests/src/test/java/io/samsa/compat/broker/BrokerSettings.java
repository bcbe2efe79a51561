package io.samsa.compat.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker settings every target gets, with Kafka's property names, so that Samsa and Kafka are
 * compared under the same configuration. Everything else stays at each broker's default (and the
 * scenarios observe those defaults and their sources).
 */
public final class BrokerSettings {
    public static final int NODE_ID = 1;

    /**
     * Behaviour shared by all targets: a single node needs replication factor 1 for its internal
     * topics; a first group member should not wait 3 s for others; session timeouts of 6 s are
     * Kafka's minimum ({@code group.min.session.timeout.ms}) and stay allowed.
     */
    public static final Map<String, String> COMMON = common();

    private BrokerSettings() {
    }

    private static Map<String, String> common() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("num.partitions", "1");
        settings.put("auto.create.topics.enable", "true");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "4");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        return Map.copyOf(settings);
    }

    /** Writes {@code key=value} lines (values are plain: paths and addresses need no escaping). */
    static void writeProperties(Path file, Map<String, String> properties) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# written by compat-tests");
        properties.forEach((key, value) -> lines.add(key + "=" + value.replace("\\", "/")));
        Files.write(file, lines);
    }

    /** The shared settings followed by the target's own (which win). */
    static Map<String, String> with(Map<String, String> own) {
        Map<String, String> all = new LinkedHashMap<>(new java.util.TreeMap<>(COMMON));
        all.putAll(own);
        return all;
    }
}
