package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.ScenarioContext.WAIT;
import static io.samsa.compat.scenario.ScenarioContext.valueAndSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** DescribeConfigs and IncrementalAlterConfigs: values, defaults and their sources. */
final class ConfigScenarios {
    /** Topic configs whose defaults and sources clients depend on (Schema Registry, Connect, UIs). */
    static final List<String> TOPIC_KEYS = List.of("cleanup.policy", "retention.ms", "retention.bytes",
        "max.message.bytes", "segment.bytes", "segment.ms", "min.insync.replicas", "compression.type",
        "message.timestamp.type", "delete.retention.ms", "unclean.leader.election.enable");

    /** Broker configs: some set by the harness (static), the rest Kafka's defaults. */
    static final List<String> BROKER_KEYS = List.of("node.id", "num.partitions", "default.replication.factor",
        "auto.create.topics.enable", "offsets.topic.replication.factor", "group.initial.rebalance.delay.ms",
        "group.min.session.timeout.ms", "group.max.session.timeout.ms", "message.max.bytes", "log.retention.hours",
        "log.segment.bytes", "log.cleanup.policy", "min.insync.replicas", "compression.type",
        "delete.topic.enable");

    private ConfigScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("describe-configs-topic-defaults", "configs",
                "describeConfigs of a new topic: every config name, and defaults, sources, types and synonyms "
                    + "of the common ones",
                ConfigScenarios::topicDefaults),
            Scenario.of("create-topic-with-configs", "configs",
                "createTopics with configs: they show as DYNAMIC_TOPIC_CONFIG; unknown names and bad values fail "
                    + "with InvalidConfigurationException",
                ConfigScenarios::createWithConfigs),
            Scenario.of("alter-configs-legacy", "configs",
                "AlterConfigs (not incremental): sets the given configs and resets every other dynamic one",
                ConfigScenarios::alterLegacy),
            Scenario.of("alter-configs-incremental", "configs",
                "incrementalAlterConfigs SET / APPEND / SUBTRACT / DELETE on a topic, validate-only, bad values",
                ConfigScenarios::alterIncremental),
            Scenario.of("describe-configs-broker", "configs",
                "describeConfigs of the broker: values and sources of static and default configs",
                ConfigScenarios::brokerConfigs),
            Scenario.of("describe-configs-unknown-topic", "configs",
                "describeConfigs of an unknown topic fails with UnknownTopicOrPartitionException",
                ConfigScenarios::unknownTopic));
    }

    private static Config describe(ScenarioContext ctx, ConfigResource resource, DescribeConfigsOptions options)
        throws Exception {
        return ctx.admin().describeConfigs(List.of(resource), options).values().get(resource)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void topicDefaults(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = describe(ctx, resource, new DescribeConfigsOptions().includeSynonyms(true)
            .includeDocumentation(true));
        TreeSet<String> names = new TreeSet<>();
        config.entries().forEach(entry -> names.add(entry.name()));
        out.put("names", names);
        for (String key : TOPIC_KEYS) {
            ConfigEntry entry = config.get(key);
            if (entry == null) {
                out.fail("missing topic config " + key);
                out.put(key, null);
                continue;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("value", entry.value());
            detail.put("source", entry.source());
            detail.put("type", entry.type());
            detail.put("readOnly", entry.isReadOnly());
            detail.put("sensitive", entry.isSensitive());
            detail.put("documented", entry.documentation() != null && !entry.documentation().isEmpty());
            detail.put("synonyms", synonyms(entry.synonyms()));
            out.put(key, detail);
        }
        out.expect("cleanup.policy.value", "delete|DEFAULT_CONFIG", valueAndSource(config.get("cleanup.policy")));
        out.expect("retention.ms.value", "604800000|DEFAULT_CONFIG", valueAndSource(config.get("retention.ms")));
        out.expect("max.message.bytes.value", "1048588|DEFAULT_CONFIG",
            valueAndSource(config.get("max.message.bytes")));
        Config plain = describe(ctx, resource, new DescribeConfigsOptions());
        out.check("no.synonyms.unless.asked", plain.entries().stream().allMatch(e -> e.synonyms().isEmpty()));
    }

    private static List<String> synonyms(Collection<ConfigEntry.ConfigSynonym> synonyms) {
        List<String> list = new ArrayList<>();
        synonyms.forEach(s -> list.add(s.name() + "=" + s.value() + "|" + s.source()));
        return list;
    }

    private static void createWithConfigs(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1, Map.of("cleanup.policy", "compact", "retention.ms", "3600000",
            "max.message.bytes", "2000000"));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = describe(ctx, resource, new DescribeConfigsOptions());
        out.expect("cleanup.policy", "compact|DYNAMIC_TOPIC_CONFIG", valueAndSource(config.get("cleanup.policy")));
        out.expect("retention.ms", "3600000|DYNAMIC_TOPIC_CONFIG", valueAndSource(config.get("retention.ms")));
        out.expect("max.message.bytes", "2000000|DYNAMIC_TOPIC_CONFIG",
            valueAndSource(config.get("max.message.bytes")));
        out.expect("segment.bytes", "1073741824|DEFAULT_CONFIG", valueAndSource(config.get("segment.bytes")));
        out.expect("create.unknown.config", Outcome.failure(InvalidConfigurationException.class), Outcome.of(() ->
            ctx.admin().createTopics(List.of(new NewTopic(ctx.name("unknown"), 1, (short) 1)
                .configs(Map.of("no.such.config", "1")))).all().get()));
        out.expect("create.bad.value", Outcome.failure(InvalidConfigurationException.class), Outcome.of(() ->
            ctx.admin().createTopics(List.of(new NewTopic(ctx.name("bad"), 1, (short) 1)
                .configs(Map.of("retention.ms", "soon")))).all().get()));
        out.expect("create.bad.policy", Outcome.failure(InvalidConfigurationException.class), Outcome.of(() ->
            ctx.admin().createTopics(List.of(new NewTopic(ctx.name("policy"), 1, (short) 1)
                .configs(Map.of("cleanup.policy", "shred")))).all().get()));
    }

    private static void alterIncremental(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        out.expect("set.retention.ms", Outcome.OK, alter(ctx, resource, false,
            new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET)));
        out.expect("after.set", "3600000|DYNAMIC_TOPIC_CONFIG", valueAndSource(
            ctx.awaitConfig(resource, "retention.ms", e -> "3600000".equals(e.value()))));
        out.expect("append.cleanup.policy", Outcome.OK, alter(ctx, resource, false,
            new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND)));
        out.expect("after.append", "delete,compact|DYNAMIC_TOPIC_CONFIG", valueAndSource(
            ctx.awaitConfig(resource, "cleanup.policy", e -> e.value().contains("compact"))));
        out.expect("subtract.cleanup.policy", Outcome.OK, alter(ctx, resource, false,
            new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SUBTRACT)));
        out.expect("after.subtract", "compact|DYNAMIC_TOPIC_CONFIG", valueAndSource(
            ctx.awaitConfig(resource, "cleanup.policy", e -> !e.value().contains("delete"))));
        out.expect("delete.retention.ms", Outcome.OK, alter(ctx, resource, false,
            new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE)));
        out.expect("after.delete", "604800000|DEFAULT_CONFIG", valueAndSource(
            ctx.awaitConfig(resource, "retention.ms", e -> e.source() == ConfigEntry.ConfigSource.DEFAULT_CONFIG)));
        out.expect("validate.only.set", Outcome.OK, alter(ctx, resource, true,
            new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)));
        out.expect("bad.value", Outcome.failure(InvalidConfigurationException.class), alter(ctx, resource, false,
            new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET)));
        out.expect("unknown.name", Outcome.failure(InvalidConfigurationException.class), alter(ctx, resource, false,
            new AlterConfigOp(new ConfigEntry("no.such.config", "1"), AlterConfigOp.OpType.SET)));
        out.expect("unknown.topic", Outcome.failure(UnknownTopicOrPartitionException.class), alter(ctx,
            new ConfigResource(ConfigResource.Type.TOPIC, ctx.name("missing")), false,
            new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)));
        Config finalConfig = describe(ctx, resource, new DescribeConfigsOptions());
        out.expect("final.retention.ms", "604800000|DEFAULT_CONFIG", valueAndSource(finalConfig.get("retention.ms")));
    }

    private static String alter(ScenarioContext ctx, ConfigResource resource, boolean validateOnly, AlterConfigOp op) {
        return Outcome.of(() -> ctx.admin().incrementalAlterConfigs(Map.of(resource, List.of(op)),
            new AlterConfigsOptions().validateOnly(validateOnly)).all().get());
    }

    /**
     * Admin.alterConfigs(Map), deprecated since 2.3 and removed in kafka-clients 4.0: called by
     * reflection, so the same compiled scenario runs on the generations that have it.
     */
    private static void alterLegacy(ScenarioContext ctx, Observations out) throws Exception {
        java.lang.reflect.Method alterConfigs;
        try {
            alterConfigs = org.apache.kafka.clients.admin.Admin.class.getMethod("alterConfigs", Map.class);
        } catch (NoSuchMethodException e) {
            throw new Unsupported("kafka-clients " + JavaClientScenarios.VERSION
                + " has no Admin.alterConfigs (deprecated in 2.3, removed in 4.0): incrementalAlterConfigs replaces it");
        }
        String topic = ctx.createTopic("t", 1, Map.of("cleanup.policy", "compact"));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        java.util.function.Function<Map<ConfigResource, Config>, String> alter = configs -> Outcome.of(() -> {
            Object result = alterConfigs.invoke(ctx.admin(), configs);
            ((org.apache.kafka.common.KafkaFuture<?>) result.getClass().getMethod("all").invoke(result))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        });
        out.expect("alter", Outcome.OK, alter.apply(Map.of(resource,
            new Config(List.of(new ConfigEntry("retention.ms", "3600000"))))));
        out.expect("retention.ms", "3600000|DYNAMIC_TOPIC_CONFIG", valueAndSource(ctx.awaitConfig(resource,
            "retention.ms", e -> "3600000".equals(e.value()))));
        out.expect("cleanup.policy.reset", "delete|DEFAULT_CONFIG", valueAndSource(ctx.awaitConfig(resource,
            "cleanup.policy", e -> true)));
        out.expect("bad.value", Outcome.failure(InvalidConfigurationException.class), alter.apply(Map.of(resource,
            new Config(List.of(new ConfigEntry("retention.ms", "soon"))))));
        out.put("unknown.topic", alter.apply(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, ctx.name("missing")),
            new Config(List.of(new ConfigEntry("retention.ms", "1000"))))));
    }

    private static void brokerConfigs(ScenarioContext ctx, Observations out) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(ctx.broker().nodeId()));
        Config config = describe(ctx, resource, new DescribeConfigsOptions());
        for (String key : BROKER_KEYS) {
            ConfigEntry entry = config.get(key);
            out.put(key, entry == null ? null : valueAndSource(entry) + (entry.isReadOnly() ? "|read-only" : ""));
        }
        out.expect("num.partitions.value", "1|STATIC_BROKER_CONFIG", valueAndSource(config.get("num.partitions")));
        out.expect("log.retention.hours.value", "168|DEFAULT_CONFIG", valueAndSource(config.get("log.retention.hours")));
    }

    private static void unknownTopic(ScenarioContext ctx, Observations out) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, ctx.name("missing"));
        out.expect("describe", Outcome.failure(UnknownTopicOrPartitionException.class), Outcome.of(() ->
            describe(ctx, resource, new DescribeConfigsOptions())));
    }
}
