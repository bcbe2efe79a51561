package io.samsa.embedded;

import io.samsa.broker.Broker;
import io.samsa.broker.BrokerConfig;
import io.samsa.broker.metadata.CreateTopicResult;
import io.samsa.broker.metadata.NewTopic;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Samsa broker running inside this JVM, for tests: a free loopback port by default, data in a
 * temporary directory that {@link #close()} deletes (unless a directory was given), and any broker
 * property as an override. Several can run in one JVM.
 *
 * <pre>{@code
 * try (SamsaBroker kafka = SamsaBroker.builder().start()) {
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>Not thread-safe: start and close it from one thread.
 */
public final class SamsaBroker implements AutoCloseable, KafkaClientSettings {
    private final Map<String, String> properties;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private Broker broker;
    private String bootstrapServers;

    private SamsaBroker(Map<String, String> properties, Path dataDir, boolean ownsDataDir) {
        this.properties = properties;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the broker; returns this, serving, on {@link #bootstrapServers()}. */
    public SamsaBroker start() {
        if (broker != null) {
            throw new IllegalStateException("already started");
        }
        Broker started;
        try {
            started = new Broker(BrokerConfig.from(properties));
            started.start();
        } catch (RuntimeException e) {
            if (ownsDataDir) {
                EmbeddedFiles.deleteRecursively(dataDir); // a failed start leaves nothing behind either
            }
            throw e;
        }
        broker = started;
        bootstrapServers = "127.0.0.1:" + started.boundListeners().get(0).port();
        return this;
    }

    /** {@code host:port} for the clients' {@code bootstrap.servers}. */
    @Override
    public String bootstrapServers() {
        requireStarted();
        return bootstrapServers;
    }

    public int port() {
        requireStarted();
        return broker.boundListeners().get(0).port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running broker, for tests that reach inside (metadata, logs). */
    public Broker broker() {
        requireStarted();
        return broker;
    }

    /**
     * Creates topics and returns once the broker's metadata shows them, so clients find their leaders
     * at once. Each entry is {@code name} or {@code name:partitions}.
     */
    public SamsaBroker createTopics(String... topics) {
        requireStarted();
        List<NewTopic> newTopics = java.util.Arrays.stream(topics).map(SamsaBroker::newTopic).toList();
        Map<String, CreateTopicResult> results;
        try {
            results = broker.services().metadata().createTopics(newTopics, false).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("creating topics " + List.of(topics) + " failed", e);
        }
        results.forEach((name, result) -> {
            if (!result.isOk()) {
                throw new IllegalStateException("creating topic " + name + " failed: " + result);
            }
        });
        return this;
    }

    private static NewTopic newTopic(String spec) {
        int colon = spec.lastIndexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        int partitions = colon < 0 ? -1 : Integer.parseInt(spec.substring(colon + 1));
        return NewTopic.of(name, partitions, -1);
    }

    /** Stops the broker and, if it made its directory, deletes it. Idempotent. */
    @Override
    public void close() {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
        if (ownsDataDir) {
            EmbeddedFiles.deleteRecursively(dataDir);
        }
    }

    private void requireStarted() {
        if (broker == null) {
            throw new IllegalStateException("the broker is not running");
        }
    }

    /** Configures an embedded broker; every setting is optional. */
    public static final class Builder {
        private final Map<String, String> overrides = new HashMap<>();
        private Path dataDir;
        private int port;

        private Builder() {
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Keep data here (and leave it on close) instead of in a temporary directory. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Any broker property, with Kafka's names (e.g. {@code num.partitions}). */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            overrides.putAll(properties);
            return this;
        }

        public SamsaBroker build() {
            boolean owns = dataDir == null;
            Path dir = owns ? EmbeddedFiles.newTempDirectory("samsa-") : dataDir;
            Map<String, String> props = new HashMap<>();
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("log.dirs", dir.resolve("logs").toString());
            props.put("metadata.log.dir", dir.resolve("metadata").toString());
            props.put("num.network.threads", "1");
            props.put("num.io.threads", "2");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.putAll(overrides);
            return new SamsaBroker(props, dir, owns);
        }

        /** Builds and starts. */
        public SamsaBroker start() {
            return build().start();
        }
    }
}
