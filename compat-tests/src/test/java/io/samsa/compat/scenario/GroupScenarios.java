package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.GroupMember.pollUntil;
import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Classic consumer groups: join, rebalances, commits, static membership, assignors. */
final class GroupScenarios {
    private GroupScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("group-join-single", "groups",
                "one member joins: generation 1, all partitions, every record, group Stable with the range assignor",
                GroupScenarios::joinSingle),
            Scenario.of("group-rebalance-on-join", "groups",
                "a second member joins: eager revoke-all, 2 + 2 partitions, generation 2",
                GroupScenarios::rebalanceOnJoin),
            Scenario.of("group-rebalance-on-leave", "groups",
                "a member leaves (LeaveGroup): the other gets all partitions well before the session timeout",
                GroupScenarios::rebalanceOnLeave),
            Scenario.of("group-rebalance-on-crash", "groups",
                "a member vanishes without leaving: after its 6 s session expires the other gets all partitions",
                GroupScenarios::rebalanceOnCrash).withTimeout(Duration.ofSeconds(90)),
            Scenario.of("group-commit-and-resume", "groups",
                "commit with metadata, close, and a new member resumes at the committed offset",
                GroupScenarios::commitAndResume),
            Scenario.of("group-static-membership", "groups",
                "static members (group.instance.id): a restarted member gets its partitions back without a rebalance",
                GroupScenarios::staticMembership),
            Scenario.of("group-cooperative-sticky", "groups",
                "cooperative-sticky: a joining member takes half, the first member revokes only those, two rounds",
                GroupScenarios::cooperativeSticky),
            Scenario.of("group-range-assignor", "groups",
                "range assignor over two topics x 3 partitions with static members a and b",
                (ctx, out) -> assignor(ctx, out, RangeAssignor.class.getName(), "range")),
            Scenario.of("group-round-robin-assignor", "groups",
                "round-robin assignor over two topics x 3 partitions with static members a and b",
                (ctx, out) -> assignor(ctx, out, RoundRobinAssignor.class.getName(), "roundrobin")));
    }

    static void produce(ScenarioContext ctx, String topic, int partitions, int perPartition) throws Exception {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (int i = 0; i < perPartition; i++) {
                records.add(new ProducerRecord<>(topic, p, "k", "p" + p + "-v" + i));
            }
        }
        ScenarioContext.sendAll(ctx.producer(), records);
    }

    static ConsumerGroupDescription describeGroup(ScenarioContext ctx, String group) throws Exception {
        return ctx.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void joinSingle(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 3);
        produce(ctx, topic, 3, 2);
        String group = ctx.name("g");
        GroupMember member = ctx.member("c1", group, List.of(topic), Map.of());
        pollUntil("3 partitions and 6 records", WAIT, () -> member.partitions().size() == 3
            && member.received().size() >= 6, member);
        out.expect("assignment", Set.of(0, 1, 2), member.partitions());
        out.expect("generation", 1, member.generation());
        out.expect("events", List.of("assigned:3"), member.events());
        out.expect("records", 6, member.received().size());
        out.check("member.id.set", !member.memberId().isEmpty());
        ConsumerGroupDescription description = describeGroup(ctx, group);
        out.expect("describe.state", "STABLE", JavaApi.property(description, "groupState", "state"));
        out.expect("describe.members", 1, description.members().size());
        out.expect("describe.assignor", "range", description.partitionAssignor());
    }

    private static void rebalanceOnJoin(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 4);
        String group = ctx.name("g");
        GroupMember c1 = ctx.member("c1", group, List.of(topic), Map.of());
        pollUntil("c1 with 4 partitions", WAIT, () -> c1.partitions().size() == 4, c1);
        int firstGeneration = c1.generation();
        GroupMember c2 = ctx.member("c2", group, List.of(topic), Map.of());
        pollUntil("2 + 2 partitions", WAIT, () -> c1.partitions().size() == 2 && c2.partitions().size() == 2, c1, c2);
        Set<Integer> union = new TreeSet<>(c1.partitions());
        union.addAll(c2.partitions());
        out.expect("union", Set.of(0, 1, 2, 3), union);
        out.expect("generations", List.of(1, 2, 2), List.of(firstGeneration, c1.generation(), c2.generation()));
        out.expect("c1.events", List.of("assigned:4", "revoked:4", "assigned:2"), c1.events());
        out.expect("c2.events", List.of("assigned:2"), c2.events());
        out.expect("describe.members", 2, describeGroup(ctx, group).members().size());
    }

    private static GroupMember[] stablePair(ScenarioContext ctx, String topic, String group,
                                            Map<String, Object> c2Overrides) {
        GroupMember c1 = ctx.member("c1", group, List.of(topic), Map.of());
        pollUntil("c1 with 4 partitions", WAIT, () -> c1.partitions().size() == 4, c1);
        GroupMember c2 = ctx.member("c2", group, List.of(topic), c2Overrides);
        pollUntil("2 + 2 partitions", WAIT, () -> c1.partitions().size() == 2 && c2.partitions().size() == 2, c1, c2);
        return new GroupMember[] {c1, c2};
    }

    private static void rebalanceOnLeave(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 4);
        String group = ctx.name("g");
        GroupMember[] pair = stablePair(ctx, topic, group, Map.of());
        GroupMember c1 = pair[0];
        pair[1].leave();
        long elapsed = pollUntil("c1 with 4 partitions after c2 left", WAIT, () -> c1.partitions().size() == 4, c1);
        out.check("rebalanced.before.session.timeout", elapsed < ScenarioContext.SESSION_TIMEOUT_MS - 1000);
        out.expect("generation", 3, c1.generation());
        out.expect("c1.events", List.of("assigned:4", "revoked:4", "assigned:2", "revoked:2", "assigned:4"),
            c1.events());
        out.expect("describe.members", 1, describeGroup(ctx, group).members().size());
    }

    private static void rebalanceOnCrash(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 4);
        String group = ctx.name("g");
        // Clients before 4.1 choose at creation whether close() leaves the group.
        GroupMember[] pair = stablePair(ctx, topic, group, Map.of(JavaApi.LEAVE_GROUP_ON_CLOSE, false));
        GroupMember c1 = pair[0];
        pair[1].vanish();
        out.expect("members.right.after.crash", 2, describeGroup(ctx, group).members().size());
        long elapsed = pollUntil("c1 with 4 partitions after c2's session expired", Duration.ofSeconds(30),
            () -> c1.partitions().size() == 4, c1);
        // The coordinator must have waited for the session to expire (6 s after c2's last heartbeat).
        out.check("waited.for.session.expiry", elapsed >= ScenarioContext.SESSION_TIMEOUT_MS - 2000);
        out.check("rebalanced.after.session.expiry", elapsed < ScenarioContext.SESSION_TIMEOUT_MS + 10_000);
        out.expect("generation", 3, c1.generation());
        out.expect("describe.members", 1, describeGroup(ctx, group).members().size());
    }

    private static void commitAndResume(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        produce(ctx, topic, 1, 10);
        String group = ctx.name("g");
        TopicPartition tp = new TopicPartition(topic, 0);
        GroupMember first = ctx.member("c1", group, List.of(topic), Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5));
        pollUntil("5 records", WAIT, () -> first.received().size() >= 5, first);
        out.expect("first.received", 5, first.received().size());
        first.consumer().commitSync(Map.of(tp, new OffsetAndMetadata(5, "after-five")));
        OffsetAndMetadata committed = first.consumer().committed(Set.of(tp)).get(tp);
        out.expect("committed", "5|after-five", committed == null ? null : committed.offset() + "|" + committed.metadata());
        first.leave();
        GroupMember second = ctx.member("c2", group, List.of(topic), Map.of());
        pollUntil("the other 5 records", WAIT, () -> second.received().size() >= 5, second);
        out.expect("resumed.values", List.of("5:p0-v5", "6:p0-v6", "7:p0-v7", "8:p0-v8", "9:p0-v9"),
            second.received().stream().map(r -> r.offset() + ":" + r.value()).toList());
        second.consumer().commitSync();
        OffsetAndMetadata after = second.consumer().committed(Set.of(tp)).get(tp);
        out.expect("committed.after.resume", "10|", after == null ? null : after.offset() + "|" + after.metadata());
        out.put("committed.after.resume.leader.epoch", after == null ? null : after.leaderEpoch());
        second.leave();
        KafkaConsumer<String, String> third = ctx.groupConsumer(group, Map.of());
        third.assign(List.of(tp));
        out.expect("position.of.new.consumer", 10L, third.position(tp));
    }

    private static void staticMembership(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 4);
        String group = ctx.name("g");
        GroupMember a = ctx.member("a", group, List.of(topic), Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "a"));
        GroupMember b = ctx.member("b", group, List.of(topic), Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "b"));
        pollUntil("a and b with 2 partitions each", WAIT, () -> a.partitions().size() == 2 && b.partitions().size() == 2,
            a, b);
        out.expect("a.partitions", Set.of(0, 1), a.partitions());
        out.expect("b.partitions", Set.of(2, 3), b.partitions());
        int generation = a.generation();
        List<String> aEvents = a.events();
        String bMemberId = b.memberId();
        b.vanish();
        GroupMember b2 = ctx.member("b2", group, List.of(topic), Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "b"));
        pollUntil("the restarted b with 2 partitions", WAIT, () -> b2.partitions().size() == 2, a, b2);
        out.expect("b.restarted.partitions", Set.of(2, 3), b2.partitions());
        out.check("b.restarted.same.generation", b2.generation() == generation);
        out.check("a.not.rebalanced", a.generation() == generation && a.events().equals(aEvents));
        out.check("b.restarted.new.member.id", !b2.memberId().equals(bMemberId));
        ConsumerGroupDescription description = describeGroup(ctx, group);
        List<String> instances = new ArrayList<>();
        for (MemberDescription member : description.members()) {
            instances.add(member.groupInstanceId().orElse("none") + ":" + new TreeSet<>(
                member.assignment().topicPartitions().stream().map(TopicPartition::partition).toList()));
        }
        instances.sort(null);
        out.expect("describe.members", List.of("a:[0, 1]", "b:[2, 3]"), instances);
    }

    private static void cooperativeSticky(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 4);
        String group = ctx.name("g");
        Map<String, Object> cooperative = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            CooperativeStickyAssignor.class.getName());
        GroupMember c1 = ctx.member("c1", group, List.of(topic), cooperative);
        pollUntil("c1 with 4 partitions", WAIT, () -> c1.partitions().size() == 4, c1);
        Set<Integer> before = c1.partitions();
        GroupMember c2 = ctx.member("c2", group, List.of(topic), cooperative);
        // Both in the same generation: c2 can hold its 2 partitions before c1 has seen the last round.
        pollUntil("2 + 2 partitions in one generation", WAIT, () -> c1.partitions().size() == 2
            && c2.partitions().size() == 2 && c1.generation() == c2.generation(), c1, c2);
        out.check("c1.kept.its.own", before.containsAll(c1.partitions()));
        out.check("c1.never.revoked.all", !c1.events().contains("revoked:4"));
        Set<Integer> union = new HashSet<>(c1.partitions());
        union.addAll(c2.partitions());
        out.expect("union", Set.of(0, 1, 2, 3), union);
        out.expect("c1.events", List.of("assigned:4", "revoked:2", "assigned:0", "assigned:0"), c1.events());
        // c2's first SyncGroup may or may not complete before c1's revocation starts the second
        // round, so only its outcome is fixed: it never revokes and ends with 2 partitions.
        out.check("c2.never.revoked", c2.events().stream().noneMatch(e -> e.startsWith("revoked")));
        out.expect("c2.last.event", "assigned:2", c2.events().get(c2.events().size() - 1));
        out.expect("generations", List.of(3, 3), List.of(c1.generation(), c2.generation()));
        out.expect("describe.assignor", "cooperative-sticky", describeGroup(ctx, group).partitionAssignor());
    }

    private static void assignor(ScenarioContext ctx, Observations out, String assignorClass, String protocol)
        throws Exception {
        String t1 = ctx.createTopic("t1", 3);
        String t2 = ctx.createTopic("t2", 3);
        Map<String, String> aliases = Map.of(t1, "t1", t2, "t2");
        String group = ctx.name("g");
        GroupMember a = ctx.member("a", group, List.of(t1, t2), Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "a",
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignorClass));
        pollUntil("a with 6 partitions", WAIT, () -> a.consumer().assignment().size() == 6, a);
        GroupMember b = ctx.member("b", group, List.of(t1, t2), Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "b",
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignorClass));
        pollUntil("6 partitions between a and b", WAIT, () -> !b.consumer().assignment().isEmpty()
            && a.consumer().assignment().size() + b.consumer().assignment().size() == 6, a, b);
        out.put("a.assignment", a.assignment(aliases));
        out.put("b.assignment", b.assignment(aliases));
        if ("range".equals(protocol)) {
            out.expect("expected", List.of("t1-0", "t1-1", "t2-0", "t2-1", "|", "t1-2", "t2-2"),
                joined(a.assignment(aliases), b.assignment(aliases)));
        } else {
            out.expect("expected", List.of("t1-0", "t1-2", "t2-1", "|", "t1-1", "t2-0", "t2-2"),
                joined(a.assignment(aliases), b.assignment(aliases)));
        }
        out.expect("describe.assignor", protocol, describeGroup(ctx, group).partitionAssignor());
        List<ConsumerRecord<String, String>> none = a.received();
        out.expect("records", 0, none.size());
    }

    private static List<String> joined(Set<String> a, Set<String> b) {
        List<String> list = new ArrayList<>(a);
        list.add("|");
        list.addAll(b);
        return list;
    }
}
