package io.samsa.broker.api.admin;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.broker.testing.TestBrokers;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.AlterConfigsRequest;
import io.samsa.protocol.message.AlterConfigsResponse;
import io.samsa.protocol.message.DescribeConfigsRequest;
import io.samsa.protocol.message.DescribeConfigsResponse;
import io.samsa.protocol.message.IncrementalAlterConfigsRequest;
import io.samsa.protocol.message.IncrementalAlterConfigsResponse;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DescribeConfigs, IncrementalAlterConfigs and AlterConfigs with the real AdminClient (and raw requests where the
 * client has no API for it), against a broker with two static settings: {@code message.max.bytes} and
 * {@code log.retention.hours}.
 */
class ConfigAdminTest {
    /** Every non-internal topic config of Kafka 4.4's LogConfig. */
    static final Set<String> KAFKA_TOPIC_CONFIGS = Set.of("cleanup.policy", "compression.gzip.level",
            "compression.lz4.level", "compression.type", "compression.zstd.level", "delete.retention.ms",
            "errors.deadletterqueue.group.enable", "file.delete.delay.ms", "flush.messages", "flush.ms",
            "follower.replication.throttled.replicas", "index.interval.bytes", "leader.replication.throttled.replicas",
            "local.retention.bytes", "local.retention.ms", "max.compaction.lag.ms", "max.decompressed.message.bytes",
            "max.message.bytes", "message.timestamp.after.max.ms", "message.timestamp.before.max.ms",
            "message.timestamp.type", "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas",
            "preallocate", "remote.copy.lag.bytes", "remote.copy.lag.ms", "remote.log.copy.disable",
            "remote.log.delete.on.disable", "remote.storage.enable", "retention.bytes", "retention.ms",
            "segment.bytes", "segment.index.bytes", "segment.jitter.ms", "segment.ms",
            "unclean.leader.election.enable");

    @TempDir
    static Path dir;
    static Broker broker;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> props = TestBrokers.singleNodeProps(dir);
        props.put("message.max.bytes", "2000000");
        props.put("log.retention.hours", "72");
        broker = TestBrokers.start(props);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.bootstrap(broker),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
        admin.createTopics(List.of(new NewTopic("plain", 1, (short) 1), new NewTopic("altered", 1, (short) 1),
                new NewTopic("lists", 1, (short) 1), new NewTopic("legacy", 1, (short) 1)))
                .all().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.stop();
    }

    @Test
    void topicConfigsAreAllThereWithDefaultsSourcesAndSynonyms() throws Exception {
        Config config = describe(topic("plain"));
        assertEquals(KAFKA_TOPIC_CONFIGS, config.entries().stream().map(ConfigEntry::name)
                .collect(Collectors.toCollection(TreeSet::new)));

        ConfigEntry cleanup = config.get("cleanup.policy");
        assertEquals("delete", cleanup.value());
        assertEquals(ConfigSource.DEFAULT_CONFIG, cleanup.source());
        assertEquals(ConfigEntry.ConfigType.LIST, cleanup.type());
        assertFalse(cleanup.isReadOnly());
        assertFalse(cleanup.isSensitive());
        assertEquals(List.of(synonym("log.cleanup.policy", "delete", ConfigSource.DEFAULT_CONFIG)),
                synonyms(cleanup));

        // message.max.bytes is set in the broker's properties: the topic falls back to it.
        ConfigEntry maxMessage = config.get("max.message.bytes");
        assertEquals("2000000", maxMessage.value());
        assertEquals(ConfigSource.STATIC_BROKER_CONFIG, maxMessage.source());
        assertEquals(ConfigEntry.ConfigType.INT, maxMessage.type());
        assertEquals(List.of(synonym("message.max.bytes", "2000000", ConfigSource.STATIC_BROKER_CONFIG),
                synonym("message.max.bytes", "1048588", ConfigSource.DEFAULT_CONFIG)), synonyms(maxMessage));

        // Kafka lists retention.ms's synonyms from log.retention.ms on: with only log.retention.hours set the value
        // is 72 h, reported as DEFAULT_CONFIG without synonyms, exactly as Kafka's ConfigHelper does.
        ConfigEntry retention = config.get("retention.ms");
        assertEquals(Long.toString(72 * 3_600_000L), retention.value());
        assertEquals(ConfigSource.DEFAULT_CONFIG, retention.source());
        assertEquals(List.of(), synonyms(retention));

        ConfigEntry segmentMs = config.get("segment.ms");
        assertEquals("604800000", segmentMs.value());
        assertEquals(ConfigEntry.ConfigType.LONG, segmentMs.type());
        assertEquals("0.5", config.get("min.cleanable.dirty.ratio").value());
        assertEquals("false", config.get("remote.storage.enable").value());
    }

    @Test
    void documentationIsReturnedWhenAsked() throws Exception {
        Config config = admin.describeConfigs(List.of(topic("plain")), new DescribeConfigsOptions()
                .includeDocumentation(true)).all().get(10, TimeUnit.SECONDS).get(topic("plain"));
        assertTrue(config.get("retention.ms").documentation().contains("kept"));
        Config without = describe(topic("plain"));
        assertNull(without.get("retention.ms").documentation());
    }

    @Test
    void incrementalSetShowsAsDynamicTopicConfigThenDeleteRestoresTheDefault() throws Exception {
        alter(topic("altered"), new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("max.message.bytes", "4096"), AlterConfigOp.OpType.SET));
        Config config = describe(topic("altered"));
        ConfigEntry retention = config.get("retention.ms");
        assertEquals("1000", retention.value());
        assertEquals(ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.source());
        assertEquals(synonym("retention.ms", "1000", ConfigSource.DYNAMIC_TOPIC_CONFIG), synonyms(retention).get(0));
        ConfigEntry maxMessage = config.get("max.message.bytes");
        assertEquals("4096", maxMessage.value());
        assertEquals(List.of(synonym("max.message.bytes", "4096", ConfigSource.DYNAMIC_TOPIC_CONFIG),
                synonym("message.max.bytes", "2000000", ConfigSource.STATIC_BROKER_CONFIG),
                synonym("message.max.bytes", "1048588", ConfigSource.DEFAULT_CONFIG)), synonyms(maxMessage));

        alter(topic("altered"), new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE));
        ConfigEntry restored = describe(topic("altered")).get("retention.ms");
        assertEquals(ConfigSource.DEFAULT_CONFIG, restored.source());
        assertEquals(Long.toString(72 * 3_600_000L), restored.value());
        assertEquals("4096", describe(topic("altered")).get("max.message.bytes").value());
    }

    @Test
    void appendAndSubtractWorkOnListConfigs() throws Exception {
        alter(topic("lists"), new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"),
                AlterConfigOp.OpType.APPEND));
        assertEquals("delete,compact", describe(topic("lists")).get("cleanup.policy").value());
        alter(topic("lists"), new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"),
                AlterConfigOp.OpType.SUBTRACT));
        assertEquals("compact", describe(topic("lists")).get("cleanup.policy").value());

        ExecutionException notAList = assertThrows(ExecutionException.class, () -> alter(topic("lists"),
                new AlterConfigOp(new ConfigEntry("retention.ms", "5"), AlterConfigOp.OpType.APPEND)));
        assertInstanceOf(InvalidConfigurationException.class, notAList.getCause());
    }

    @Test
    void invalidAlterationsAreRefusedAndValidateOnlyChangesNothing() throws Exception {
        for (ConfigEntry bad : List.of(new ConfigEntry("retention.ms", "forever"), new ConfigEntry("no.such", "1"),
                new ConfigEntry("segment.bytes", "10"))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> alter(topic("plain"),
                    new AlterConfigOp(bad, AlterConfigOp.OpType.SET)), bad.toString());
            assertInstanceOf(InvalidConfigurationException.class, e.getCause(), bad.toString());
        }
        admin.incrementalAlterConfigs(Map.of(topic("plain"), List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET))),
                new AlterConfigsOptions().validateOnly(true)).all().get(10, TimeUnit.SECONDS);
        assertEquals(ConfigSource.DEFAULT_CONFIG, describe(topic("plain")).get("retention.ms").source());

        ExecutionException unknown = assertThrows(ExecutionException.class, () -> alter(topic("missing"),
                new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET)));
        assertInstanceOf(UnknownTopicOrPartitionException.class, unknown.getCause());
        ExecutionException describeUnknown = assertThrows(ExecutionException.class, () -> describe(topic("missing")));
        assertInstanceOf(UnknownTopicOrPartitionException.class, describeUnknown.getCause());
    }

    @Test
    void brokerConfigsHaveSourcesAndAreNotDynamicallyAlterable() throws Exception {
        ConfigResource self = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Config config = describe(self);
        ConfigEntry maxMessage = config.get("message.max.bytes");
        assertEquals("2000000", maxMessage.value());
        assertEquals(ConfigSource.STATIC_BROKER_CONFIG, maxMessage.source());
        assertFalse(maxMessage.isReadOnly());
        ConfigEntry partitions = config.get("num.partitions");
        assertEquals("1", partitions.value());
        assertEquals(ConfigSource.DEFAULT_CONFIG, partitions.source());
        assertTrue(partitions.isReadOnly());
        ConfigEntry hours = config.get("log.retention.hours");
        assertEquals("72", hours.value());
        assertEquals(List.of(synonym("log.retention.hours", "72", ConfigSource.STATIC_BROKER_CONFIG),
                synonym("log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG)), synonyms(hours));
        ConfigEntry ms = config.get("log.retention.ms");
        assertNull(ms.value());
        assertEquals(ConfigSource.DEFAULT_CONFIG, ms.source());
        assertNotNull(config.get("log.dirs").value());

        ExecutionException e = assertThrows(ExecutionException.class, () -> alter(self,
                new AlterConfigOp(new ConfigEntry("message.max.bytes", "5"), AlterConfigOp.OpType.SET)));
        assertInstanceOf(InvalidRequestException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("start-up"), e.getCause().getMessage());
    }

    @Test
    void theReplicationThrottleRatesAreDynamicBrokerConfigs() throws Exception {
        ConfigResource self = new ConfigResource(ConfigResource.Type.BROKER, "1");
        ConfigResource cluster = new ConfigResource(ConfigResource.Type.BROKER, "");
        assertNull(describe(self).get("follower.replication.throttled.rate"), "not listed while unset");

        alter(self, new AlterConfigOp(new ConfigEntry("follower.replication.throttled.rate", "1048576"),
                AlterConfigOp.OpType.SET), new AlterConfigOp(new ConfigEntry("leader.replication.throttled.rate",
                "2097152"), AlterConfigOp.OpType.SET));
        ConfigEntry follower = describe(self).get("follower.replication.throttled.rate");
        assertEquals("1048576", follower.value());
        assertEquals(ConfigSource.DYNAMIC_BROKER_CONFIG, follower.source());
        assertFalse(follower.isReadOnly());
        assertEquals("2097152", describe(self).get("leader.replication.throttled.rate").value());
        alter(cluster, new AlterConfigOp(new ConfigEntry("leader.replication.throttled.rate", "4096"),
                AlterConfigOp.OpType.SET));
        assertEquals("4096", describe(cluster).get("leader.replication.throttled.rate").value());

        ExecutionException negative = assertThrows(ExecutionException.class, () -> alter(self, new AlterConfigOp(
                new ConfigEntry("follower.replication.throttled.rate", "-1"), AlterConfigOp.OpType.SET)));
        assertInstanceOf(InvalidConfigurationException.class, negative.getCause());
        ExecutionException append = assertThrows(ExecutionException.class, () -> alter(self, new AlterConfigOp(
                new ConfigEntry("follower.replication.throttled.rate", "1"), AlterConfigOp.OpType.APPEND)));
        assertInstanceOf(InvalidConfigurationException.class, append.getCause());

        // What kafka-reassign-partitions --verify does once a throttled move is done.
        alter(self, new AlterConfigOp(new ConfigEntry("follower.replication.throttled.rate", null),
                AlterConfigOp.OpType.DELETE), new AlterConfigOp(new ConfigEntry("leader.replication.throttled.rate",
                null), AlterConfigOp.OpType.DELETE), new AlterConfigOp(new ConfigEntry(
                "replica.alter.log.dirs.io.max.bytes.per.second", null), AlterConfigOp.OpType.DELETE));
        alter(cluster, new AlterConfigOp(new ConfigEntry("leader.replication.throttled.rate", null),
                AlterConfigOp.OpType.DELETE));
        assertNull(describe(self).get("follower.replication.throttled.rate"));
        assertNull(describe(cluster).get("leader.replication.throttled.rate"));
    }

    @Test
    void otherBrokersAndUnsupportedResourceTypesAreInvalidRequests() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker))) {
            DescribeConfigsRequest request = new DescribeConfigsRequest();
            request.resources().add(new DescribeConfigsRequest.DescribeConfigsResource()
                    .setResourceType((byte) 4).setResourceName("2"));
            request.resources().add(new DescribeConfigsRequest.DescribeConfigsResource()
                    .setResourceType((byte) 4).setResourceName("one"));
            request.resources().add(new DescribeConfigsRequest.DescribeConfigsResource()
                    .setResourceType((byte) 32).setResourceName("group"));
            request.resources().add(new DescribeConfigsRequest.DescribeConfigsResource()
                    .setResourceType((byte) 4).setResourceName(""));
            DescribeConfigsResponse response = client.call(request, new DescribeConfigsResponse(), (short) 4);
            assertEquals(ErrorCode.INVALID_REQUEST.code(), response.results().get(0).errorCode());
            assertEquals("Unexpected broker id, expected 1 or empty string, but received 2",
                    response.results().get(0).errorMessage());
            assertEquals(ErrorCode.INVALID_REQUEST.code(), response.results().get(1).errorCode());
            assertEquals(ErrorCode.INVALID_REQUEST.code(), response.results().get(2).errorCode());
            // The cluster-wide default resource: only the min.insync.replicas that bootstrap records
            // at cluster level, as a freshly formatted Kafka 4 cluster does (KIP-966 ELR).
            assertEquals(ErrorCode.NONE.code(), response.results().get(3).errorCode());
            assertEquals(1, response.results().get(3).configs().size());
            assertEquals("min.insync.replicas", response.results().get(3).configs().get(0).name());
            assertEquals("1", response.results().get(3).configs().get(0).value());
            assertEquals(3, response.results().get(3).configs().get(0).configSource(), "DYNAMIC_DEFAULT_BROKER_CONFIG");
        }
    }

    @Test
    void everyDescribeConfigsVersionAnswersWithTypesFromV3() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker))) {
            for (short v = 1; v <= 4; v++) {
                DescribeConfigsRequest request = new DescribeConfigsRequest().setIncludeSynonyms(true);
                request.resources().add(new DescribeConfigsRequest.DescribeConfigsResource().setResourceType((byte) 2)
                        .setResourceName("plain").setConfigurationKeys(List.of("segment.bytes", "cleanup.policy")));
                DescribeConfigsResponse response = client.call(request, new DescribeConfigsResponse(), v);
                DescribeConfigsResponse.DescribeConfigsResult result = response.results().get(0);
                assertEquals(ErrorCode.NONE.code(), result.errorCode(), "v" + v);
                assertEquals(Set.of("segment.bytes", "cleanup.policy"), result.configs().stream()
                        .map(DescribeConfigsResponse.DescribeConfigsResourceResult::name).collect(Collectors.toSet()));
                DescribeConfigsResponse.DescribeConfigsResourceResult segment = result.configs().stream()
                        .filter(c -> c.name().equals("segment.bytes")).findFirst().orElseThrow();
                assertEquals("1073741824", segment.value());
                assertEquals(5, segment.configSource(), "DEFAULT_CONFIG");
                assertEquals(v >= 3 ? 3 : 0, segment.configType(), "INT from v3, v" + v);
            }
        }
    }

    @Test
    void legacyAlterConfigsReplacesTheWholeSet() throws Exception {
        alter(topic("legacy"), new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET));
        try (RawKafkaClient client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker))) {
            AlterConfigsRequest request = new AlterConfigsRequest();
            AlterConfigsRequest.AlterConfigsResource resource = new AlterConfigsRequest.AlterConfigsResource()
                    .setResourceType((byte) 2).setResourceName("legacy");
            resource.configs().add(new AlterConfigsRequest.AlterableConfig().setName("segment.ms").setValue("60000"));
            request.resources().add(resource);
            AlterConfigsResponse response = client.call(request, new AlterConfigsResponse(), (short) 2);
            assertEquals(ErrorCode.NONE.code(), response.responses().get(0).errorCode());

            IncrementalAlterConfigsRequest badOp = new IncrementalAlterConfigsRequest();
            IncrementalAlterConfigsRequest.AlterConfigsResource target =
                    new IncrementalAlterConfigsRequest.AlterConfigsResource().setResourceType((byte) 2)
                            .setResourceName("legacy");
            target.configs().add(new IncrementalAlterConfigsRequest.AlterableConfig().setName("retention.ms")
                    .setConfigOperation((byte) 7).setValue("5"));
            badOp.resources().add(target);
            IncrementalAlterConfigsResponse refused = client.call(badOp, new IncrementalAlterConfigsResponse(),
                    (short) 1);
            assertEquals(ErrorCode.INVALID_REQUEST.code(), refused.responses().get(0).errorCode());
        }
        Config config = describe(topic("legacy"));
        assertEquals(ConfigSource.DYNAMIC_TOPIC_CONFIG, config.get("segment.ms").source());
        assertEquals(ConfigSource.DEFAULT_CONFIG, config.get("retention.ms").source(), "not in the new set");
    }

    static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    static Config describe(ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true)).all()
                .get(10, TimeUnit.SECONDS).get(resource);
    }

    static void alter(ConfigResource resource, AlterConfigOp... ops) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(ops))).all().get(10, TimeUnit.SECONDS);
    }

    /** A synonym as text (the client's ConfigSynonym cannot be built outside its package). */
    static String synonym(String name, String value, ConfigSource source) {
        return name + "=" + value + " (" + source + ")";
    }

    static List<String> synonyms(ConfigEntry entry) {
        return entry.synonyms().stream().map(s -> synonym(s.name(), s.value(), s.source())).toList();
    }
}
