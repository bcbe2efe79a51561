package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/** Metadata and cluster description: what every client asks first. */
final class ClusterScenarios {
    private ClusterScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("describe-cluster", "cluster",
                "describeCluster: one node with the configured id, loopback host and port, itself as controller",
                ClusterScenarios::describeCluster),
            Scenario.of("metadata-partitions-for", "cluster",
                "Metadata through producer and consumer: partitions, leader, replicas and ISR of a new topic",
                ClusterScenarios::metadataPartitionsFor),
            Scenario.of("metadata-auto-create-topic", "cluster",
                "producing to an unknown topic creates it with num.partitions (auto.create.topics.enable)",
                ClusterScenarios::autoCreateTopic),
            Scenario.of("metadata-invalid-topic-name", "cluster",
                "producing to an invalid topic name fails with InvalidTopicException, no topic is created",
                ClusterScenarios::invalidTopicName),
            Scenario.notApplicable("client-broker-version-guess", "cluster",
                "the client guesses the broker's version", "kafka-clients asks ApiVersions and never guesses a broker "
                    + "version"),
            Scenario.of("admin-acls-without-authorizer", "cluster",
                "describeAcls, createAcls and deleteAcls on a broker without an authorizer fail with SecurityDisabledException",
                ClusterScenarios::aclsWithoutAuthorizer));
    }

    private static void describeCluster(ScenarioContext ctx, Observations out) throws Exception {
        DescribeClusterResult cluster = ctx.admin().describeCluster();
        Collection<Node> nodes = cluster.nodes().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Node controller = cluster.controller().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        String clusterId = cluster.clusterId().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        out.expect("nodes.count", 1, nodes.size());
        Node node = nodes.iterator().next();
        out.expect("node.id", ctx.broker().nodeId(), node.id());
        out.expect("node.host", "127.0.0.1", node.host());
        out.check("node.port.is.bootstrap.port", ctx.broker().bootstrapServers().endsWith(":" + node.port()));
        out.put("node.rack", node.rack());
        out.expect("controller.id", ctx.broker().nodeId(), controller.id());
        // Kafka's cluster ids are 16 random bytes in URL-safe base64: 22 characters.
        out.put("cluster.id", clusterId);
        out.expect("cluster.id.length", 22, clusterId == null ? 0 : clusterId.length());
    }

    private static void metadataPartitionsFor(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        List<PartitionInfo> fromProducer = ctx.producer().partitionsFor(topic);
        KafkaConsumer<String, String> consumer = ctx.consumer();
        List<PartitionInfo> fromConsumer = consumer.partitionsFor(topic);
        out.expect("producer.partitions", List.of("0:leader=1:replicas=[1]:isr=[1]", "1:leader=1:replicas=[1]:isr=[1]"),
            describe(fromProducer));
        out.expect("consumer.partitions", describe(fromProducer), describe(fromConsumer));
        Map<String, List<PartitionInfo>> listed = consumer.listTopics();
        out.check("consumer.listTopics.contains.topic", listed.containsKey(topic));
        out.expect("consumer.listTopics.partitions", 2, listed.getOrDefault(topic, List.of()).size());
        List<String> internal = new ArrayList<>();
        for (String name : ctx.admin().listTopics().names().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            if (name.startsWith("__")) {
                internal.add(name);
            }
        }
        out.expect("admin.listTopics.internal.hidden", List.of(), internal);
    }

    private static List<String> describe(List<PartitionInfo> partitions) {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (PartitionInfo p : partitions) {
            byPartition.put(p.partition(), p.partition() + ":leader=" + (p.leader() == null ? "none" : p.leader().id())
                + ":replicas=" + ids(p.replicas()) + ":isr=" + ids(p.inSyncReplicas()));
        }
        return new ArrayList<>(byPartition.values());
    }

    private static String ids(Node[] nodes) {
        List<Integer> ids = new ArrayList<>();
        for (Node node : nodes) {
            ids.add(node.id());
        }
        return ids.toString();
    }

    private static void autoCreateTopic(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.name("auto");
        RecordMetadata ack = ctx.producer().send(new ProducerRecord<>(topic, "k", "v")).get(WAIT.toMillis(),
            TimeUnit.MILLISECONDS);
        out.expect("first.offset", 0L, ack.offset());
        TopicDescription description = ctx.awaitLeaders(topic, 1);
        out.expect("partitions", 1, description.partitions().size());
        out.expect("replicas", 1, description.partitions().get(0).replicas().size());
        out.expect("records.read", 1, ctx.readAll(topic, 1).size());
    }

    private static void aclsWithoutAuthorizer(ScenarioContext ctx, Observations out) {
        AclBinding binding = new AclBinding(new ResourcePattern(ResourceType.TOPIC, ctx.name("t"), PatternType.LITERAL),
            new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));
        out.expect("describe", Outcome.failure(SecurityDisabledException.class), Outcome.of(() ->
            ctx.admin().describeAcls(AclBindingFilter.ANY).values().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)));
        out.expect("create", Outcome.failure(SecurityDisabledException.class), Outcome.of(() ->
            ctx.admin().createAcls(List.of(binding)).all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)));
        out.expect("delete", Outcome.failure(SecurityDisabledException.class), Outcome.of(() ->
            ctx.admin().deleteAcls(List.of(binding.toFilter())).all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)));
    }

    private static void invalidTopicName(ScenarioContext ctx, Observations out) throws Exception {
        String topic = "bad name " + ctx.name("x");
        var producer = ctx.producer(Map.of("max.block.ms", 5000));
        out.expect("produce.outcome", Outcome.failure(InvalidTopicException.class),
            Outcome.of(() -> producer.send(new ProducerRecord<>(topic, "v")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)));
        out.check("topic.not.created", !ctx.admin().listTopics().names().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
            .contains(topic));
    }
}
