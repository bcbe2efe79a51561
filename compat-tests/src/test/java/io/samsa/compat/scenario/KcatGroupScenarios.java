package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import io.samsa.compat.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * kcat's balanced consumers ({@code -G}, each a {@link KcatMember} process) in groups of two:
 * rebalance on join, on leave (SIGTERM: kcat closes its consumer) and on crash (SIGKILL: it
 * vanishes), the range and round-robin assignors, static membership and cooperative-sticky; and a
 * long-running kcat producer and consumer across a broker restart. The group's view comes from
 * what kcat reports on stderr; the member count from the Java admin client.
 */
final class KcatGroupScenarios {
    private KcatGroupScenarios() {
    }

    static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        all.add(Scenario.of("group-rebalance-on-join", "groups",
            "a second -G consumer joins: 2 + 2 partitions between the two members", KcatGroupScenarios::rebalanceOnJoin));
        all.add(Scenario.of("group-rebalance-on-leave", "groups",
            "a -G consumer stopped with SIGTERM leaves the group: the other gets all partitions before the session timeout",
            KcatGroupScenarios::rebalanceOnLeave));
        all.add(Scenario.of("group-rebalance-on-crash", "groups",
            "a -G consumer killed with SIGKILL vanishes: after its session expires the other gets all partitions",
            KcatGroupScenarios::rebalanceOnCrash));
        all.add(Scenario.of("group-range-assignor", "groups",
            "range assignor (-X partition.assignment.strategy) over two topics x 3 partitions with members a and b",
            (ctx, out) -> assignor(ctx, out, "range")));
        all.add(Scenario.of("group-round-robin-assignor", "groups",
            "round-robin assignor over two topics x 3 partitions with members a and b",
            (ctx, out) -> assignor(ctx, out, "roundrobin")));
        all.add(Scenario.of("group-static-membership", "groups",
            "static members (group.instance.id): a restarted member gets its partitions back without a rebalance",
            KcatGroupScenarios::staticMembership));
        all.add(Scenario.of("group-cooperative-sticky", "groups",
            "cooperative-sticky: a joining member takes half, the first member revokes only those",
            KcatGroupScenarios::cooperativeSticky));
        all.add(Scenario.of("broker-restart-idempotent-produce", "restart",
            "graceful broker restart while a kcat producer (enable.idempotence) is fed and a -G consumer reads: nothing "
                + "lost or duplicated", (ctx, out) -> restart(ctx, out, false)).withTimeout(Duration.ofSeconds(150)));
        all.add(Scenario.of("broker-kill-idempotent-produce", "restart",
            "SIGKILL and restart while a kcat producer (enable.idempotence) is fed and a -G consumer reads: nothing "
                + "acknowledged lost or duplicated", (ctx, out) -> restart(ctx, out, true))
            .withTimeout(Duration.ofSeconds(150)));
        return all;
    }

    private static int members(ScenarioContext ctx, String group) throws Exception {
        return ctx.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).members().size();
    }

    /** c1 with all 4 partitions, then c2 joins; returns both once they hold 2 + 2. */
    private static KcatMember[] stablePair(ScenarioContext ctx, String topic, String group, String... options)
        throws Exception {
        KcatMember c1 = KcatMember.start(ctx, "c1", group, List.of(topic), options);
        c1.await("4 partitions", WAIT, () -> c1.assignment().size() == 4);
        KcatMember c2 = KcatMember.start(ctx, "c2", group, List.of(topic), options);
        Deadline deadline = Deadline.after(WAIT);
        c2.await("2 + 2 partitions", WAIT, () -> c2.assignment().size() == 2);
        c1.await("2 + 2 partitions", deadline.remaining(), () -> c1.assignment().size() == 2);
        return new KcatMember[] {c1, c2};
    }

    private static void rebalanceOnJoin(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 4);
        String group = ctx.name("g");
        KcatMember[] pair = stablePair(ctx, topic, group);
        List<Integer> union = new ArrayList<>(pair[0].partitionNumbers());
        union.addAll(pair[1].partitionNumbers());
        out.expect("union", List.of(0, 1, 2, 3), union.stream().sorted().toList());
        List<String> c1 = pair[0].events();
        out.expect("c1.last.events", List.of("revoked:4", "assigned:2"), c1.subList(Math.max(0, c1.size() - 2), c1.size()));
        List<String> c2 = pair[1].events();
        out.expect("c2.last.event", "assigned:2", c2.isEmpty() ? null : c2.get(c2.size() - 1));
        out.expect("describe.members", 2, members(ctx, group));
    }

    private static void rebalanceOnLeave(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 4);
        String group = ctx.name("g");
        KcatMember[] pair = stablePair(ctx, topic, group);
        pair[1].process.terminate();
        out.expect("c2.exit", 0, pair[1].process.awaitExit(WAIT));
        Deadline since = Deadline.after(WAIT);
        pair[0].await("4 partitions after c2 left", WAIT, () -> pair[0].assignment().size() == 4);
        out.check("rebalanced.before.session.timeout", since.elapsedMillis() < ScenarioContext.SESSION_TIMEOUT_MS - 1000);
        List<String> c1 = pair[0].events();
        out.expect("c1.last.event", "assigned:4", c1.get(c1.size() - 1));
        out.expect("describe.members", 1, members(ctx, group));
    }

    private static void rebalanceOnCrash(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 4);
        String group = ctx.name("g");
        KcatMember[] pair = stablePair(ctx, topic, group);
        pair[1].process.kill();
        pair[1].process.awaitExit(WAIT);
        Deadline since = Deadline.after(WAIT);
        out.expect("members.right.after.crash", 2, members(ctx, group));
        pair[0].await("4 partitions after c2's session expired", Duration.ofSeconds(30),
            () -> pair[0].assignment().size() == 4);
        long elapsed = since.elapsedMillis();
        out.check("waited.for.session.expiry", elapsed >= ScenarioContext.SESSION_TIMEOUT_MS - 2000);
        out.check("rebalanced.after.session.expiry", elapsed < ScenarioContext.SESSION_TIMEOUT_MS + 10_000);
        out.expect("describe.members", 1, members(ctx, group));
    }

    private static void assignor(ScenarioContext ctx, Observations out, String strategy) throws Exception {
        String t1 = ctx.createTopic("t1", 3);
        String t2 = ctx.createTopic("t2", 3);
        String group = ctx.name("g");
        // member ids begin with the client id, and both assignors order members by id: a before b
        KcatMember a = KcatMember.start(ctx, "a", group, List.of(t1, t2), "-X", "client.id=a",
            "-X", "partition.assignment.strategy=" + strategy);
        a.await("6 partitions", WAIT, () -> a.assignment().size() == 6);
        KcatMember b = KcatMember.start(ctx, "b", group, List.of(t1, t2), "-X", "client.id=b",
            "-X", "partition.assignment.strategy=" + strategy);
        b.await("its partitions", WAIT, () -> !b.assignment().isEmpty());
        a.await("the rest", WAIT, () -> a.assignment().size() + b.assignment().size() == 6);
        Map<String, String> alias = Map.of(t1, "t1", t2, "t2");
        List<List<String>> view = new ArrayList<>();
        for (KcatMember m : List.of(a, b)) {
            view.add(m.assignment().stream().map(tp -> {
                String topic = tp.substring(0, tp.lastIndexOf('-'));
                return alias.get(topic) + tp.substring(tp.lastIndexOf('-'));
            }).sorted().toList());
        }
        List<List<String>> expected = "range".equals(strategy)
            ? List.of(List.of("t1-0", "t1-1", "t2-0", "t2-1"), List.of("t1-2", "t2-2"))
            : List.of(List.of("t1-0", "t1-2", "t2-1"), List.of("t1-1", "t2-0", "t2-2"));
        out.expect("assignments", expected, view);
        out.put("describe.protocol", ctx.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).partitionAssignor());
    }

    private static void staticMembership(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 4);
        String group = ctx.name("g");
        KcatMember a = KcatMember.start(ctx, "a", group, List.of(topic), "-X", "client.id=a", "-X", "group.instance.id=a");
        a.await("4 partitions", WAIT, () -> a.assignment().size() == 4);
        KcatMember b = KcatMember.start(ctx, "b", group, List.of(topic), "-X", "client.id=b", "-X", "group.instance.id=b");
        b.await("2 partitions", WAIT, () -> b.assignment().size() == 2);
        a.await("2 partitions", WAIT, () -> a.assignment().size() == 2);
        out.expect("a.partitions", List.of(0, 1), a.partitionNumbers());
        out.expect("b.partitions", List.of(2, 3), b.partitionNumbers());
        List<String> aEvents = a.events();
        // a static member sends no LeaveGroup when it closes: the group keeps its place
        b.process.terminate();
        b.process.awaitExit(WAIT);
        KcatMember b2 = KcatMember.start(ctx, "b2", group, List.of(topic), "-X", "client.id=b", "-X", "group.instance.id=b");
        b2.await("the restarted b with 2 partitions", WAIT, () -> b2.assignment().size() == 2);
        out.expect("b.restarted.partitions", List.of(2, 3), b2.partitionNumbers());
        out.check("a.not.rebalanced", a.events().equals(aEvents));
        out.expect("describe.members", 2, members(ctx, group));
    }

    private static void cooperativeSticky(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 4);
        String group = ctx.name("g");
        String[] cooperative = {"-X", "partition.assignment.strategy=cooperative-sticky"};
        KcatMember c1 = KcatMember.start(ctx, "c1", group, List.of(topic), cooperative);
        c1.await("4 partitions", WAIT, () -> c1.assignment().size() == 4);
        List<String> before = c1.assignment();
        KcatMember c2 = KcatMember.start(ctx, "c2", group, List.of(topic), cooperative);
        c2.await("2 partitions", WAIT, () -> c2.assignment().size() == 2);
        c1.await("2 partitions after its second round", WAIT, () -> c1.assignment().size() == 2 && c1.events().size() >= 4);
        out.check("c1.kept.its.own", before.containsAll(c1.assignment()));
        out.check("c1.never.revoked.all", !c1.events().contains("revoked:4"));
        List<Integer> union = new ArrayList<>(c1.partitionNumbers());
        union.addAll(c2.partitionNumbers());
        out.expect("union", List.of(0, 1, 2, 3), union.stream().sorted().toList());
        out.expect("c1.events", List.of("assigned:4", "revoked:2", "assigned:0", "assigned:0"), c1.events());
        out.check("c2.never.revoked", c2.events().stream().noneMatch(e -> e.startsWith("revoked")));
        List<String> c2Events = c2.events();
        out.expect("c2.last.event", "assigned:2", c2Events.get(c2Events.size() - 1));
        out.expect("describe.protocol", "cooperative-sticky", ctx.admin().describeConsumerGroups(List.of(group))
            .describedGroups().get(group).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).partitionAssignor());
    }

    /**
     * 3 x 500 lines (keys spread them over 3 partitions) from idempotent kcat producers: the first
     * 500 from one run, the rest from one process that the broker restart (or kill and start) hits
     * between the second 500 and the third. kcat exits 0 only when every message was delivered.
     */
    private static void restart(ScenarioContext ctx, Observations out, boolean kill) throws Exception {
        int perPhase = 500;
        String topic = ctx.createTopic("t", 3);
        // -E: kcat would otherwise give up at "all broker connections are down" while the broker is away
        KcatMember reader = KcatMember.start(ctx, "reader", ctx.name("g"), List.of(topic), "-E");
        List<String> producing = List.of("-P", "-t", topic, "-K:", "-X", "enable.idempotence=true", "-X", "acks=all",
            "-X", "message.timeout.ms=120000", "-X", "linger.ms=5");
        out.expect("first.producer.exit", 0, Kcat.run(ctx.broker().bootstrapServers(), producing,
            phase(0, perPhase).getBytes(java.nio.charset.StandardCharsets.UTF_8), WAIT).exitCode());
        reader.await("the first phase in the -G consumer", WAIT, () -> reader.records().size() >= perPhase);
        // One producer process across the restart. kcat reads a pipe in 4 KiB blocks, so what it
        // sends before the restart is the first blocks of the second phase (in flight or acknowledged).
        List<String> patient = new ArrayList<>(producing);
        patient.add("-E");
        KcatProcess producer = KcatProcess.start(ctx.broker().bootstrapServers(), patient);
        ctx.onClose(producer);
        producer.write(phase(perPhase, perPhase));
        if (kill) {
            ctx.broker().kill();
            ctx.broker().start();
        } else {
            ctx.broker().restart();
        }
        producer.write(phase(2 * perPhase, perPhase));
        producer.closeInput();
        out.expect("second.producer.exit", 0, producer.awaitExit(Duration.ofSeconds(100)));
        out.expect("delivery.errors", List.of(), producer.err().stream().filter(l -> l.contains("ERROR")
            && l.contains("elivery")).toList());
        int total = 3 * perPhase;
        reader.await("every record in the -G consumer", Duration.ofSeconds(60),
            () -> distinctValues(reader.records()).size() >= total);
        out.expect("group.consumer.distinct", total, distinctValues(reader.records()).size());
        List<String> log = Kcat.run(ctx.broker().bootstrapServers(), List.of("-C", "-t", topic, "-o", "beginning", "-e",
            "-q", "-f", "%p:%o:%s\\n"), null, Duration.ofSeconds(60)).lines();
        out.expect("log.records", total, log.size());
        out.expect("log.distinct", total, distinctValues(log).size());
        Map<String, Integer> last = new TreeMap<>();
        boolean ordered = true;
        for (String line : log) {
            String[] f = line.split(":");
            int value = Integer.parseInt(f[2]);
            ordered &= value > last.getOrDefault(f[0], -1);
            last.put(f[0], value);
        }
        out.check("log.in.send.order.per.partition", ordered);
        out.expect("end.offsets.total", (long) total, ctx.consumer().endOffsets(List.of(new TopicPartition(topic, 0),
            new TopicPartition(topic, 1), new TopicPartition(topic, 2))).values().stream().mapToLong(Long::longValue).sum());
    }

    private static String phase(int from, int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            lines.append('k').append(i).append(':').append(i).append('\n');
        }
        return lines.toString();
    }

    /** The values of {@code ...:value} lines. */
    private static Set<String> distinctValues(List<String> lines) {
        Set<String> values = new HashSet<>();
        lines.forEach(l -> values.add(l.substring(l.lastIndexOf(':') + 1)));
        return values;
    }
}
