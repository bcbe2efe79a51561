package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.GroupMember.pollUntil;
import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import io.samsa.compat.Deadline;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;

/**
 * The AdminClient's view of groups: list, describe, offsets (list / alter / delete), delete.
 * {@code listConsumerGroups}, {@code ConsumerGroupListing} and {@code ConsumerGroupState} are
 * deprecated in 4.x but are what every generation from 2.8 to 4.4 has, so the same scenario runs on all.
 */
@SuppressWarnings({"deprecation", "removal"})
final class GroupAdminScenarios {
    /** The type of a classic group as a listing shows it: {@code CLASSIC}, or null before kafka-clients 3.7. */
    private static final String CLASSIC = JavaApi.hasMethod("org.apache.kafka.clients.admin.ConsumerGroupListing", "type")
        ? "CLASSIC" : null;

    private GroupAdminScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("admin-list-consumer-groups", "group-admin",
                "listConsumerGroups: states, types, simple groups, state filters",
                GroupAdminScenarios::listGroups),
            Scenario.of("admin-list-groups", "group-admin",
                "Admin.listGroups: a consumer group and a simple group with their types, protocols and states",
                GroupAdminScenarios::listAllGroups).since("4.0", "Admin.listGroups"),
            Scenario.of("admin-describe-consumer-groups", "group-admin",
                "describeConsumerGroups of a stable, an emptied and an unknown group",
                GroupAdminScenarios::describeGroups),
            Scenario.of("admin-list-consumer-group-offsets", "group-admin",
                "listConsumerGroupOffsets: committed offsets and metadata, a partition subset, an unknown group",
                GroupAdminScenarios::listOffsets),
            Scenario.of("admin-alter-consumer-group-offsets", "group-admin",
                "alterConsumerGroupOffsets on an empty group moves where members start; refused while members are active",
                GroupAdminScenarios::alterOffsets),
            Scenario.of("admin-delete-consumer-group-offsets", "group-admin",
                "deleteConsumerGroupOffsets: refused for a subscribed topic, works once the group is empty",
                GroupAdminScenarios::deleteOffsets),
            Scenario.of("admin-delete-consumer-groups", "group-admin",
                "deleteConsumerGroups: an empty group goes away; a non-empty or unknown group is refused",
                GroupAdminScenarios::deleteGroups));
    }

    private static Map<String, ConsumerGroupListing> listed(Admin admin, ListConsumerGroupsOptions options)
        throws Exception {
        Collection<ConsumerGroupListing> all = admin.listConsumerGroups(options).all()
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, ConsumerGroupListing> byId = new TreeMap<>();
        all.forEach(listing -> byId.put(listing.groupId(), listing));
        return byId;
    }

    /** {@code STATE|TYPE|simple=..}; the type is null before kafka-clients 3.7 (no {@code type()}). */
    private static String describe(ConsumerGroupListing listing) {
        return listing == null ? null : JavaApi.property(listing, "groupState", "state") + "|"
            + JavaApi.property(listing, "type") + "|simple=" + listing.isSimpleConsumerGroup();
    }

    /** Commits offsets for {@code group} as a standalone (assign-mode) consumer: the group stays empty. */
    private static void commitStandalone(ScenarioContext ctx, String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        KafkaConsumer<String, String> consumer = ctx.groupConsumer(group, Map.of());
        consumer.assign(offsets.keySet());
        consumer.commitSync(offsets);
    }

    private static void listGroups(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        String active = ctx.name("active");
        String simple = ctx.name("simple");
        GroupMember member = ctx.member("c1", active, List.of(topic), Map.of());
        pollUntil("an assignment", WAIT, () -> member.partitions().size() == 2, member);
        commitStandalone(ctx, simple, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)));
        Map<String, ConsumerGroupListing> all = listed(ctx.admin(), new ListConsumerGroupsOptions());
        out.expect("active", "STABLE|" + CLASSIC + "|simple=false", describe(all.get(active)));
        out.expect("simple", "EMPTY|" + CLASSIC + "|simple=true", describe(all.get(simple)));
        member.leave();
        Deadline deadline = Deadline.after(WAIT);
        String state = describe(all.get(active));
        while (!("EMPTY|" + CLASSIC + "|simple=false").equals(state) && !deadline.expired()) {
            state = describe(listed(ctx.admin(), new ListConsumerGroupsOptions()).get(active));
        }
        out.expect("active.after.leave", "EMPTY|" + CLASSIC + "|simple=false", state);
        // inStates: every generation has it (4.0 deprecates it for inGroupStates: the same ListGroups filter).
        Map<String, ConsumerGroupListing> empty = listed(ctx.admin(),
            new ListConsumerGroupsOptions().inStates(Set.of(ConsumerGroupState.EMPTY)));
        out.check("filter.empty.has.both", empty.containsKey(active) && empty.containsKey(simple));
        Map<String, ConsumerGroupListing> stable = listed(ctx.admin(),
            new ListConsumerGroupsOptions().inStates(Set.of(ConsumerGroupState.STABLE)));
        out.check("filter.stable.has.neither", !stable.containsKey(active) && !stable.containsKey(simple));
    }

    /** Admin.listGroups (4.0): every group type, with its protocol type. */
    private static void listAllGroups(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        String active = ctx.name("active");
        String simple = ctx.name("simple");
        GroupMember member = ctx.member("c1", active, List.of(topic), Map.of());
        pollUntil("an assignment", WAIT, () -> member.partitions().size() == 1, member);
        commitStandalone(ctx, simple, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)));
        member.leave();
        Map<String, String> groups = new TreeMap<>();
        for (GroupListing listing : ctx.admin().listGroups().all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            if (listing.groupId().equals(active) || listing.groupId().equals(simple)) {
                groups.put(listing.groupId().equals(active) ? "active" : "simple", listing.type().map(Enum::name)
                    .orElse("?") + "|protocol=" + listing.protocol() + "|" + listing.groupState().map(Enum::name)
                    .orElse("?"));
            }
        }
        out.expect("list.groups", Map.of("active", "CLASSIC|protocol=consumer|EMPTY",
            "simple", "CLASSIC|protocol=|EMPTY"), groups);
    }

    private static void describeGroups(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        String group = ctx.name("g");
        GroupMember member = ctx.member("c1", group, List.of(topic), Map.of(ConsumerConfig.CLIENT_ID_CONFIG,
            "describe-me"));
        pollUntil("an assignment", WAIT, () -> member.partitions().size() == 2, member);
        ConsumerGroupDescription stable = GroupScenarios.describeGroup(ctx, group);
        out.check("group.id", stable.groupId().equals(group));
        out.expect("state", "STABLE", JavaApi.property(stable, "groupState", "state"));
        out.put("type", JavaApi.property(stable, "type"));
        out.expect("simple", false, stable.isSimpleConsumerGroup());
        out.expect("assignor", "range", stable.partitionAssignor());
        out.expect("coordinator", ctx.broker().nodeId(), stable.coordinator().id());
        out.expect("members", 1, stable.members().size());
        MemberDescription m = stable.members().iterator().next();
        out.expect("member.client.id", "describe-me", m.clientId());
        out.expect("member.host", "/127.0.0.1", m.host());
        out.check("member.id.matches.consumer", m.consumerId().equals(member.memberId()));
        out.expect("member.instance.id", null, m.groupInstanceId());
        out.expect("member.assignment", Set.of(0, 1), new java.util.TreeSet<>(m.assignment().topicPartitions().stream()
            .map(TopicPartition::partition).toList()));
        out.put("member.epoch", JavaApi.property(m, "memberEpoch"));
        member.leave();
        ConsumerGroupDescription empty = GroupScenarios.describeGroup(ctx, group);
        out.expect("after.leave", "EMPTY|members=0|assignor=", JavaApi.property(empty, "groupState", "state") + "|members="
            + empty.members().size() + "|assignor=" + empty.partitionAssignor());
        String unknown = ctx.name("unknown");
        out.put("unknown.group", Outcome.of(() -> GroupScenarios.describeGroup(ctx, unknown)));
    }

    /** The committed offsets of all partitions, or of {@code partitions}, as {@code partition -> offset|metadata}. */
    private static Map<Integer, String> committed(ScenarioContext ctx, String group, List<TopicPartition> partitions)
        throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = JavaApi.committed(ctx.admin(), group, partitions)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Map<Integer, String> byPartition = new TreeMap<>();
        offsets.forEach((tp, om) -> byPartition.put(tp.partition(), om == null ? null
            : om.offset() + "|" + om.metadata()));
        return byPartition;
    }

    private static void listOffsets(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 3);
        GroupScenarios.produce(ctx, topic, 3, 4);
        String group = ctx.name("g");
        commitStandalone(ctx, group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3, "m0"),
            new TopicPartition(topic, 1), new OffsetAndMetadata(1, "")));
        out.expect("all", Map.of(0, "3|m0", 1, "1|"), committed(ctx, group, null));
        out.expect("subset", Map.of(1, "1|"), committed(ctx, group, List.of(new TopicPartition(topic, 1))));
        Map<TopicPartition, OffsetAndMetadata> raw = ctx.admin().listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        out.put("leader.epoch.p0", raw.get(new TopicPartition(topic, 0)).leaderEpoch());
        out.expect("unknown.group", Map.of(), committed(ctx, ctx.name("unknown"), null));
    }

    private static void alterOffsets(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        GroupScenarios.produce(ctx, topic, 2, 5);
        String group = ctx.name("g");
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        Admin admin = ctx.admin();
        out.expect("alter.new.group", Outcome.OK, Outcome.of(() -> admin.alterConsumerGroupOffsets(group, Map.of(
            p0, new OffsetAndMetadata(3), p1, new OffsetAndMetadata(1, "set-by-admin"))).all().get()));
        out.expect("listed", Map.of(0, "3|", 1, "1|set-by-admin"), committed(ctx, group, null));
        GroupMember member = ctx.member("c1", group, List.of(topic), Map.of());
        pollUntil("the 6 records after the altered offsets", WAIT, () -> member.received().size() >= 6, member);
        List<String> firsts = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            final int partition = p;
            member.received().stream().filter(r -> r.partition() == partition).findFirst()
                .map(ConsumerRecord::offset).ifPresent(offset -> firsts.add(partition + "@" + offset));
        }
        out.expect("first.offsets.read", List.of("0@3", "1@1"), firsts);
        out.expect("alter.while.active", Outcome.failure(org.apache.kafka.common.errors.UnknownMemberIdException.class),
            Outcome.of(() -> admin.alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(0))).all().get()));
        member.leave();
        out.expect("alter.after.leave", Outcome.OK, Outcome.of(() ->
            admin.alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(0))).all().get()));
        out.expect("listed.after", Map.of(0, "0|", 1, "1|set-by-admin"), committed(ctx, group, null));
    }

    private static void deleteOffsets(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        String group = ctx.name("g");
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        GroupMember member = ctx.member("c1", group, List.of(topic), Map.of());
        pollUntil("an assignment", WAIT, () -> member.partitions().size() == 2, member);
        member.consumer().commitSync(Map.of(p0, new OffsetAndMetadata(0), p1, new OffsetAndMetadata(0)));
        Admin admin = ctx.admin();
        out.expect("delete.while.subscribed", Outcome.failure(GroupSubscribedToTopicException.class), Outcome.of(() ->
            admin.deleteConsumerGroupOffsets(group, Set.of(p0)).all().get()));
        member.leave();
        out.expect("delete.after.leave", Outcome.OK, Outcome.of(() ->
            admin.deleteConsumerGroupOffsets(group, Set.of(p0)).all().get()));
        out.expect("listed.after", Map.of(1, "0|"), committed(ctx, group, null));
        out.expect("delete.unknown.group", Outcome.failure(GroupIdNotFoundException.class), Outcome.of(() ->
            admin.deleteConsumerGroupOffsets(ctx.name("unknown"), Set.of(p0)).all().get()));
    }

    private static void deleteGroups(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        String empty = ctx.name("empty");
        String active = ctx.name("active");
        TopicPartition p0 = new TopicPartition(topic, 0);
        commitStandalone(ctx, empty, Map.of(p0, new OffsetAndMetadata(0)));
        GroupMember member = ctx.member("c1", active, List.of(topic), Map.of());
        pollUntil("an assignment", WAIT, () -> member.partitions().size() == 1, member);
        Admin admin = ctx.admin();
        out.expect("delete.empty", Outcome.OK, Outcome.of(() -> admin.deleteConsumerGroups(List.of(empty)).all().get()));
        out.check("deleted.not.listed", !listed(admin, new ListConsumerGroupsOptions()).containsKey(empty));
        out.expect("deleted.offsets", Map.of(), committed(ctx, empty, null));
        out.put("describe.deleted", Outcome.of(() -> GroupScenarios.describeGroup(ctx, empty)));
        out.expect("delete.active", Outcome.failure(GroupNotEmptyException.class), Outcome.of(() ->
            admin.deleteConsumerGroups(List.of(active)).all().get()));
        out.expect("delete.unknown", Outcome.failure(GroupIdNotFoundException.class), Outcome.of(() ->
            admin.deleteConsumerGroups(List.of(ctx.name("unknown"))).all().get()));
    }
}
