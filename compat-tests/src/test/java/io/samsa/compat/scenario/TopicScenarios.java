package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import io.samsa.compat.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** CreateTopics, DescribeTopics, DeleteTopics and CreatePartitions through the AdminClient. */
final class TopicScenarios {
    private TopicScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("create-topic", "topics",
                "createTopics with 3 partitions: result counts and id, then describeTopics shows leaders and ISR",
                TopicScenarios::createTopic),
            Scenario.of("create-topic-duplicate", "topics",
                "creating an existing topic fails with TopicExistsException (also validate-only)",
                TopicScenarios::createDuplicate),
            Scenario.of("create-topic-invalid-name", "topics",
                "names with '/', '.', '..', 250 characters or empty fail with InvalidTopicException",
                TopicScenarios::createInvalidName),
            Scenario.of("create-topic-validate-only", "topics",
                "validateOnly answers like a create but creates nothing",
                TopicScenarios::createValidateOnly),
            Scenario.of("create-topic-invalid-partitions", "topics",
                "0 or -2 partitions fail with InvalidPartitionsException; RF 0 or 3 on one node with "
                    + "InvalidReplicationFactorException",
                TopicScenarios::createInvalidPartitions),
            Scenario.of("create-topic-broker-defaults", "topics",
                "createTopics without partitions and RF uses num.partitions and default.replication.factor",
                TopicScenarios::createWithDefaults),
            Scenario.of("describe-topic-unknown", "topics",
                "describeTopics of an unknown name or id fails with UnknownTopicOrPartition / UnknownTopicId",
                TopicScenarios::describeUnknown),
            Scenario.of("delete-topic", "topics",
                "deleteTopics removes the topic and its data; the name can be created again with a new id",
                TopicScenarios::deleteTopic),
            Scenario.of("delete-topic-unknown", "topics",
                "deleteTopics of an unknown topic fails with UnknownTopicOrPartitionException",
                TopicScenarios::deleteUnknown),
            Scenario.of("create-partitions", "topics",
                "createPartitions 1 -> 3, then same or fewer fail with InvalidPartitionsException; "
                    + "validate-only changes nothing; the new partitions take records",
                TopicScenarios::createPartitions));
    }

    private static void createTopic(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.name("t");
        CreateTopicsResult result = ctx.admin().createTopics(List.of(new NewTopic(topic, 3, (short) 1)));
        result.all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        out.expect("result.partitions", 3, result.numPartitions(topic).get());
        out.expect("result.replication.factor", 1, result.replicationFactor(topic).get());
        Uuid id = result.topicId(topic).get();
        out.check("result.topic.id.set", id != null && !Uuid.ZERO_UUID.equals(id));
        // CreateTopics v5+ returns the new topic's configs (KIP-525).
        var configs = result.config(topic).get();
        out.put("result.config.cleanup.policy", configs.get("cleanup.policy") == null ? null
            : ScenarioContext.valueAndSource(configs.get("cleanup.policy")));
        TopicDescription description = ctx.awaitLeaders(topic, 3);
        out.expect("describe.partitions", List.of("0:leader=1:replicas=[1]:isr=[1]", "1:leader=1:replicas=[1]:isr=[1]",
            "2:leader=1:replicas=[1]:isr=[1]"), partitions(description));
        out.expect("describe.internal", false, description.isInternal());
        out.check("describe.topic.id.matches.create", id != null && id.equals(description.topicId()));
        Set<String> names = ctx.admin().listTopics().names().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        out.check("listed", names.contains(topic));
    }

    static List<String> partitions(TopicDescription description) {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (TopicPartitionInfo p : description.partitions()) {
            byPartition.put(p.partition(), p.partition() + ":leader=" + (p.leader() == null ? "none" : p.leader().id())
                + ":replicas=" + p.replicas().stream().map(n -> n.id()).toList()
                + ":isr=" + p.isr().stream().map(n -> n.id()).toList());
        }
        return new ArrayList<>(byPartition.values());
    }

    private static void createDuplicate(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        Admin admin = ctx.admin();
        out.expect("create.again", Outcome.failure(TopicExistsException.class), Outcome.of(() ->
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get()));
        out.expect("create.again.other.partitions", Outcome.failure(TopicExistsException.class), Outcome.of(() ->
            admin.createTopics(List.of(new NewTopic(topic, 5, (short) 1))).all().get()));
        out.expect("create.again.validate.only", Outcome.failure(TopicExistsException.class), Outcome.of(() ->
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)), new CreateTopicsOptions().validateOnly(true))
                .all().get()));
        out.expect("partitions.unchanged", 1, ctx.awaitLeaders(topic, 1).partitions().size());
    }

    private static void createInvalidName(ScenarioContext ctx, Observations out) {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        names.put("slash", "bad/name");
        names.put("dot", ".");
        names.put("dotdot", "..");
        names.put("space", "bad name");
        names.put("length.250", "a".repeat(250));
        names.put("empty", "");
        names.forEach((label, name) -> out.expect("create." + label, Outcome.failure(InvalidTopicException.class),
            Outcome.of(() -> ctx.admin().createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get())));
        // Kafka's longest legal name, unique to this run (other clients run the same scenario).
        String unique = ctx.name("b");
        String longest = unique + "b".repeat(249 - unique.length());
        out.expect("create.length.249", Outcome.OK, Outcome.of(() ->
            ctx.admin().createTopics(List.of(new NewTopic(longest, 1, (short) 1))).all().get()));
        ctx.admin().deleteTopics(List.of(longest));
    }

    private static void createValidateOnly(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.name("t");
        CreateTopicsResult result = ctx.admin().createTopics(List.of(new NewTopic(topic, 4, (short) 1)),
            new CreateTopicsOptions().validateOnly(true));
        out.expect("outcome", Outcome.OK, Outcome.of(() -> result.all().get()));
        out.expect("result.partitions", 4, result.numPartitions(topic).get());
        out.expect("result.replication.factor", 1, result.replicationFactor(topic).get());
        out.check("not.listed", !ctx.admin().listTopics().names().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
            .contains(topic));
        out.expect("describe", Outcome.failure(UnknownTopicOrPartitionException.class), Outcome.of(() ->
            JavaApi.describeTopic(ctx.admin(), topic).get()));
        out.expect("create.for.real", Outcome.OK, Outcome.of(() ->
            ctx.admin().createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get()));
    }

    private static void createInvalidPartitions(ScenarioContext ctx, Observations out) {
        Admin admin = ctx.admin();
        out.expect("partitions.0", Outcome.failure(InvalidPartitionsException.class), Outcome.of(() ->
            admin.createTopics(List.of(new NewTopic(ctx.name("p0"), 0, (short) 1))).all().get()));
        out.expect("partitions.minus.2", Outcome.failure(InvalidPartitionsException.class), Outcome.of(() ->
            admin.createTopics(List.of(new NewTopic(ctx.name("pm2"), -2, (short) 1))).all().get()));
        out.expect("replication.factor.0", Outcome.failure(InvalidReplicationFactorException.class), Outcome.of(() ->
            admin.createTopics(List.of(new NewTopic(ctx.name("rf0"), 1, (short) 0))).all().get()));
        out.expect("replication.factor.3", Outcome.failure(InvalidReplicationFactorException.class), Outcome.of(() ->
            admin.createTopics(List.of(new NewTopic(ctx.name("rf3"), 1, (short) 3))).all().get()));
        out.expect("replica.assignment.unknown.broker", Outcome.failure(InvalidReplicaAssignmentException.class),
            Outcome.of(() -> admin.createTopics(List.of(new NewTopic(ctx.name("ra"), Map.of(0, List.of(42))))).all()
                .get()));
    }

    private static void createWithDefaults(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.name("t");
        CreateTopicsResult result = ctx.admin().createTopics(List.of(new NewTopic(topic, Optional.empty(),
            Optional.empty())));
        result.all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        out.expect("result.partitions", 1, result.numPartitions(topic).get());
        out.expect("result.replication.factor", 1, result.replicationFactor(topic).get());
        out.expect("describe.partitions", 1, ctx.awaitLeaders(topic, 1).partitions().size());
    }

    private static void describeUnknown(ScenarioContext ctx, Observations out) {
        out.expect("by.name", Outcome.failure(UnknownTopicOrPartitionException.class), Outcome.of(() ->
            JavaApi.describeTopic(ctx.admin(), ctx.name("missing")).get()));
        // Older clients describe by name only: the part they can express still runs.
        if (BY_ID.metBy(JavaClientScenarios.VERSION)) {
            out.expect("by.id", Outcome.failure(UnknownTopicIdException.class), Outcome.of(() -> ById.describe(ctx)));
        } else {
            out.put("by.id", BY_ID.reason(JavaClientScenarios.VERSION));
        }
    }

    private static final ClientRequirement BY_ID = new ClientRequirement("3.1", "Admin.describeTopics(TopicCollection)");

    /** describeTopics by topic id (kafka-clients 3.1), in its own class so that older clients never load it. */
    private static final class ById {
        static void describe(ScenarioContext ctx) throws Exception {
            ctx.admin().describeTopics(TopicCollection.ofTopicIds(List.of(Uuid.randomUuid()))).allTopicIds().get();
        }
    }

    private static void deleteTopic(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        Uuid firstId = ctx.awaitLeaders(topic, 1).topicId();
        ScenarioContext.sendAll(ctx.producer(), List.of(new ProducerRecord<>(topic, "k", "v")));
        out.expect("delete", Outcome.OK, Outcome.of(() ->
            ctx.admin().deleteTopics(List.of(topic)).all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)));
        Deadline deadline = Deadline.after(WAIT);
        while (ctx.admin().listTopics().names().get().contains(topic) && !deadline.expired()) {
            // each check is a Metadata round trip: deletion shows once the broker's metadata caught up
        }
        out.check("not.listed", !ctx.admin().listTopics().names().get().contains(topic));
        out.expect("describe.after.delete", Outcome.failure(UnknownTopicOrPartitionException.class), Outcome.of(() ->
            JavaApi.describeTopic(ctx.admin(), topic).get()));
        String recreate = Outcome.of(() -> ctx.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all()
            .get());
        out.expect("create.again", Outcome.OK, recreate);
        TopicDescription again = ctx.awaitLeaders(topic, 2);
        out.check("new.topic.id", !again.topicId().equals(firstId));
        var consumer = ctx.consumer();
        var partitions = List.of(new org.apache.kafka.common.TopicPartition(topic, 0),
            new org.apache.kafka.common.TopicPartition(topic, 1));
        Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
        out.expect("end.offsets.after.recreate", List.of(0L, 0L), partitions.stream().map(ends::get).toList());
    }

    private static void deleteUnknown(ScenarioContext ctx, Observations out) {
        out.expect("delete", Outcome.failure(UnknownTopicOrPartitionException.class), Outcome.of(() ->
            ctx.admin().deleteTopics(List.of(ctx.name("missing"))).all().get()));
    }

    private static void createPartitions(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        Admin admin = ctx.admin();
        out.expect("increase.to.3", Outcome.OK, Outcome.of(() ->
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get()));
        out.expect("describe.partitions", 3, ctx.awaitLeaders(topic, 3).partitions().size());
        out.expect("same.count", Outcome.failure(InvalidPartitionsException.class), Outcome.of(() ->
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get()));
        out.expect("decrease", Outcome.failure(InvalidPartitionsException.class), Outcome.of(() ->
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get()));
        out.expect("validate.only.to.5", Outcome.OK, Outcome.of(() ->
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5)),
                new CreatePartitionsOptions().validateOnly(true)).all().get()));
        out.expect("unknown.topic", Outcome.failure(UnknownTopicOrPartitionException.class), Outcome.of(() ->
            admin.createPartitions(Map.of(ctx.name("missing"), NewPartitions.increaseTo(2))).all().get()));
        out.expect("describe.partitions.after.validate.only", 3, ctx.awaitLeaders(topic, 3).partitions().size());
        var acks = ScenarioContext.sendAll(ctx.producer(), List.of(new ProducerRecord<>(topic, 2, "k", "v")));
        out.expect("produce.to.new.partition", List.of("2@0"),
            acks.stream().map(a -> a.partition() + "@" + a.offset()).toList());
    }
}
