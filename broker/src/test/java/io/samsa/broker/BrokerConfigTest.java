package io.samsa.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.broker.config.ConfigException;
import io.samsa.broker.config.ConfigKey;
import io.samsa.broker.config.ConfigSource;
import io.samsa.broker.config.ConfigSynonym;
import io.samsa.broker.config.ConfigType;
import io.samsa.broker.config.Endpoint;
import io.samsa.broker.config.QuorumVoter;
import io.samsa.broker.config.SecurityProtocol;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {
    private static final long HOUR_MS = 3_600_000L;

    private static BrokerConfig config(String... keyValues) {
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return BrokerConfig.from(props);
    }

    private static ConfigException invalid(String... keyValues) {
        return assertThrows(ConfigException.class, () -> config(keyValues));
    }

    @Test
    void defaultsAreKafkasExceptForTheSingleNodeChoices() {
        BrokerConfig c = BrokerConfig.defaults();
        assertEquals(1, c.nodeId());
        assertTrue(c.isBroker() && c.isController() && c.isSingleNode());
        Endpoint plaintext = new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", 9092);
        assertEquals(List.of(plaintext), c.brokerListeners());
        assertEquals(List.of(plaintext), c.advertisedListeners());
        assertEquals(Optional.empty(), c.controllerListener());
        assertEquals("PLAINTEXT", c.interBrokerListenerName());
        assertEquals(List.of(Path.of("data").toAbsolutePath()), c.logDirs());
        assertEquals(c.logDirs().get(0), c.metadataLogDir());
        assertEquals(1, c.numPartitions());
        assertEquals(1, c.defaultReplicationFactor());
        assertTrue(c.autoCreateTopicsEnable());
        assertTrue(c.deleteTopicEnable());
        assertEquals(1_048_588, c.messageMaxBytes());
        assertEquals(1 << 30, c.logSegmentBytes());
        assertEquals(168 * HOUR_MS, c.logRollMs());
        assertEquals(168 * HOUR_MS, c.logRetentionMs());
        assertEquals(-1, c.logRetentionBytes());
        assertEquals(300_000, c.logRetentionCheckIntervalMs());
        assertEquals(4096, c.logIndexIntervalBytes());
        assertEquals(10 << 20, c.logIndexSizeMaxBytes());
        assertEquals(Long.MAX_VALUE, c.logFlushIntervalMessages());
        assertEquals(Long.MAX_VALUE, c.logFlushIntervalMs());
        assertEquals(List.of("delete"), c.logCleanupPolicy());
        assertEquals("CreateTime", c.logMessageTimestampType());
        assertEquals("producer", c.compressionType());
        assertEquals(1, c.minInsyncReplicas());
        assertEquals(104_857_600, c.socketRequestMaxBytes());
        assertEquals(102_400, c.socketSendBufferBytes());
        assertEquals(3, c.numNetworkThreads());
        assertEquals(8, c.numIoThreads());
        assertEquals(600_000, c.connectionsMaxIdleMs());
        assertEquals(50, c.offsetsTopicNumPartitions());
        assertEquals(10_080 * 60_000L, c.offsetsRetentionMs());
        assertEquals(3000, c.groupInitialRebalanceDelayMs());
        assertEquals(6000, c.groupMinSessionTimeoutMs());
        assertEquals(1_800_000, c.groupMaxSessionTimeoutMs());
        assertEquals(Integer.MAX_VALUE, c.groupMaxSize());
        assertEquals(900_000, c.transactionMaxTimeoutMs());
        assertEquals(86_400_000, c.producerIdExpirationMs());
        assertEquals(Optional.empty(), c.brokerRack());
        assertTrue(c.explicitValues().isEmpty());
    }

    @Test
    void internalTopicReplicationFactorDefaultIsCappedAtTheQuorumButAnExplicitValueIsKept() {
        BrokerConfig single = BrokerConfig.defaults();
        assertEquals(1, single.offsetsTopicReplicationFactor());
        assertEquals(1, single.transactionStateLogReplicationFactor());
        assertEquals(1, single.transactionStateLogMinIsr());
        assertEquals((short) 3, single.value("offsets.topic.replication.factor"), "DescribeConfigs sees Kafka's default");

        assertEquals(3, config("offsets.topic.replication.factor", "3").offsetsTopicReplicationFactor());
        BrokerConfig cluster = config("controller.quorum.voters", "1@127.0.0.1:9093,2@127.0.0.1:9095",
            "listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertEquals(2, cluster.offsetsTopicReplicationFactor());
    }

    @Test
    void retentionFollowsKafkasPrecedenceMillisMinutesHours() {
        assertEquals(5 * HOUR_MS, config("log.retention.hours", "5").logRetentionMs());
        assertEquals(7 * 60_000L, config("log.retention.hours", "5", "log.retention.minutes", "7").logRetentionMs());
        assertEquals(1234, config("log.retention.minutes", "7", "log.retention.ms", "1234").logRetentionMs());
        assertEquals(-1, config("log.retention.ms", "-1").logRetentionMs());
        assertEquals(-1, config("log.retention.hours", "-5").logRetentionMs(), "any negative is unlimited");
        assertEquals("log.retention.ms", invalid("log.retention.ms", "0").name());
    }

    @Test
    void rollAndFlushFallBackToTheirSecondaryKeys() {
        assertEquals(2 * HOUR_MS, config("log.roll.hours", "2").logRollMs());
        assertEquals(500, config("log.roll.hours", "2", "log.roll.ms", "500").logRollMs());
        assertEquals("log.roll.ms", invalid("log.roll.ms", "0").name());
        assertEquals(250, config("log.flush.scheduler.interval.ms", "250").logFlushIntervalMs());
        assertEquals(10, config("log.flush.scheduler.interval.ms", "250", "log.flush.interval.ms", "10")
            .logFlushIntervalMs());
    }

    @Test
    void invalidValuesFailWithAMessageNamingTheKey() {
        assertInvalid("num.partitions", "abc");
        assertInvalid("num.partitions", "0");
        assertInvalid("node.id", "-1");
        assertInvalid("auto.create.topics.enable", "yes");
        assertInvalid("compression.type", "brotli");
        assertInvalid("log.cleanup.policy", "delete,delete");
        assertInvalid("log.cleanup.policy", "delete,,compact");
        assertInvalid("log.message.timestamp.type", "createtime");
        assertInvalid("log.segment.bytes", "1000");
        assertInvalid("socket.request.max.bytes", "0");
        assertInvalid("message.max.bytes", "99999999999");
        assertInvalid("process.roles", "broker,router");
        assertInvalid("offsets.topic.replication.factor", "70000");
    }

    private static void assertInvalid(String key, String value) {
        ConfigException e = invalid(key, value);
        assertEquals(key, e.name());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void valuesAreTrimmedAndBooleansIgnoreCase() {
        BrokerConfig c = config("num.partitions", " 4 ", "auto.create.topics.enable", "FALSE",
            "log.cleanup.policy", " compact , delete ");
        assertEquals(4, c.numPartitions());
        assertFalse(c.autoCreateTopicsEnable());
        assertEquals(List.of("compact", "delete"), c.logCleanupPolicy());
    }

    @Test
    void unknownKeysAreKeptAsExplicitButIgnored() {
        BrokerConfig c = config("zookeeper.connect", "localhost:2181", "num.partitions", "3");
        assertEquals(List.of("zookeeper.connect"), c.unknownKeys());
        assertEquals(Map.of("zookeeper.connect", "localhost:2181", "num.partitions", "3"), c.explicitValues());
        assertEquals(3, c.numPartitions());
    }

    @Test
    void groupSessionTimeoutsMustBeOrdered() {
        assertEquals("group.max.session.timeout.ms",
            invalid("group.min.session.timeout.ms", "10000", "group.max.session.timeout.ms", "5000").name());
    }

    @Test
    void logDirsWinOverLogDir() {
        assertEquals(List.of(Path.of("/tmp/a"), Path.of("/tmp/b")),
            config("log.dir", "/tmp/x", "log.dirs", "/tmp/a, /tmp/b").logDirs());
        assertEquals(List.of(Path.of("/tmp/x")), config("log.dir", "/tmp/x").logDirs());
        assertEquals(Path.of("/tmp/meta"), config("metadata.log.dir", "/tmp/meta").metadataLogDir());
        assertEquals("log.dirs", invalid("log.dirs", "/tmp/a,/tmp/a").name());
    }

    @Test
    void describeConfigsSeesEveryDefinitionWithSourceAndSynonyms() {
        Set<String> names = new HashSet<>();
        for (ConfigKey key : BrokerConfig.definitions()) {
            assertTrue(names.add(key.name()), "defined once: " + key.name());
            assertFalse(key.documentation().isBlank(), key.name());
        }
        assertTrue(names.containsAll(List.of("node.id", "listeners", "log.retention.ms", "offsets.topic.num.partitions",
            "group.max.size", "transaction.max.timeout.ms", "socket.request.max.bytes")));

        BrokerConfig c = config("log.retention.minutes", "30", "listeners", "PLAINTEXT://127.0.0.1:9092");
        assertNull(c.valueString("log.retention.ms"), "unset and no default, as Kafka reports it");
        assertEquals(ConfigSource.DEFAULT_CONFIG, c.source("log.retention.ms"));
        assertEquals(ConfigSource.STATIC_BROKER_CONFIG, c.source("log.retention.minutes"));
        assertEquals(List.of(
                new ConfigSynonym("log.retention.minutes", "30", ConfigSource.STATIC_BROKER_CONFIG),
                new ConfigSynonym("log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG)),
            c.synonyms("log.retention.ms"));
        assertEquals(List.of(new ConfigSynonym("num.partitions", "1", ConfigSource.DEFAULT_CONFIG)),
            c.synonyms("num.partitions"));
        assertEquals("PLAINTEXT://127.0.0.1:9092", c.valueString("listeners"));
        assertEquals("delete", c.valueString("log.cleanup.policy"));

        ConfigKey segmentBytes = BrokerConfig.definitions().stream()
            .filter(k -> k.name().equals("log.segment.bytes")).findFirst().orElseThrow();
        assertEquals("segment.bytes", segmentBytes.topicConfig());
        assertEquals(ConfigType.INT.id(), segmentBytes.type().id());
        assertEquals("1073741824", segmentBytes.defaultValueString());
        assertFalse(segmentBytes.readOnly());
    }

    @Test
    void listenersUseKafkasFormatAndProtocolMap() {
        BrokerConfig c = config(
            "listeners", "CLIENT://:19092,internal://[::1]:19093,CONTROLLER://127.0.0.1:19094",
            "listener.security.protocol.map", "CLIENT:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name", "internal",
            "advertised.listeners", "CLIENT://broker1.example:19092,INTERNAL://[::1]:19093");
        assertEquals(List.of("CLIENT", "INTERNAL"),
            c.brokerListeners().stream().map(Endpoint::listenerName).toList());
        assertTrue(c.brokerListeners().get(0).isWildcard());
        assertEquals("::1", c.brokerListeners().get(1).host());
        assertEquals("INTERNAL://[::1]:19093", c.brokerListeners().get(1).toString());
        assertEquals("CONTROLLER://127.0.0.1:19094", c.controllerListener().orElseThrow().toString());
        assertEquals("broker1.example", c.advertisedListeners().get(0).host());
        assertEquals("INTERNAL", c.interBrokerListenerName());
    }

    @Test
    void listenerRulesFailStartUp() {
        assertEquals("listeners", invalid("listeners", "PLAINTEXT:9092").name());
        assertEquals("listeners", invalid("listeners", "PLAINTEXT://127.0.0.1:70000").name());
        assertEquals("listeners", invalid("listeners", "CLIENT://127.0.0.1:9092").name(), "no protocol for CLIENT");
        assertEquals("listeners", invalid("listeners", "PLAINTEXT://127.0.0.1:9092,SSL://127.0.0.1:9093",
            "inter.broker.listener.name", "PLAINTEXT").name(), "SSL is not served");
        assertEquals("listeners", invalid("listeners", "PLAINTEXT://a:9092,PLAINTEXT://b:9093").name());
        assertEquals("listeners", invalid("listeners", "PLAINTEXT://a:9092,CONTROLLER://b:9092").name());
        assertEquals("advertised.listeners", invalid("listeners", "PLAINTEXT://0.0.0.0:9092").name());
        assertEquals("127.0.0.2", config("listeners", "PLAINTEXT://0.0.0.0:9092",
            "advertised.listeners", "PLAINTEXT://127.0.0.2:9092").advertisedListeners().get(0).host());
        assertEquals("advertised.listeners", invalid("advertised.listeners", "OTHER://h:1",
            "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,OTHER:PLAINTEXT").name());
        assertEquals("inter.broker.listener.name", invalid("inter.broker.listener.name", "INTERNAL").name());
        assertEquals("listener.security.protocol.map",
            invalid("listener.security.protocol.map", "PLAINTEXT:TLS").name());
    }

    @Test
    void quorumVotersAndRolesMustAgree() {
        BrokerConfig voter = config("node.id", "2", "controller.quorum.voters", "1@h1:9093,2@[::1]:9093,3@h3:9093",
            "listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertEquals(List.of(new QuorumVoter(1, "h1", 9093), new QuorumVoter(2, "::1", 9093),
            new QuorumVoter(3, "h3", 9093)), voter.controllerQuorumVoters());
        assertFalse(voter.isSingleNode());
        assertEquals(9093, voter.controllerListener().orElseThrow().port());
        assertEquals(1, voter.brokerListeners().size());

        assertEquals("controller.quorum.voters", invalid("node.id", "4", "controller.quorum.voters", "1@h:1").name());
        assertEquals("controller.quorum.voters", invalid("controller.quorum.voters", "1@h:1,1@g:2").name());
        assertEquals("controller.quorum.voters", invalid("controller.quorum.voters", "one@h:1").name());
        assertEquals("controller.listener.names", invalid("controller.quorum.voters", "1@h:9093").name(),
            "a voter needs a CONTROLLER listener");
        assertEquals("controller.quorum.voters", invalid("process.roles", "broker",
            "controller.quorum.voters", "1@h:9093").name());
        BrokerConfig brokerOnly = config("node.id", "4", "process.roles", "broker", "controller.quorum.voters", "1@h:9093");
        assertFalse(brokerOnly.isController());
    }
}
