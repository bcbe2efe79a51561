package io.samsa.compat.scenario;

import static io.samsa.compat.scenario.ScenarioContext.WAIT;

import io.samsa.compat.Deadline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka command-line tools, as {@code bin/kafka-topics.sh}, {@code kafka-console-producer.sh},
 * {@code kafka-console-consumer.sh} and {@code kafka-consumer-groups.sh} run them: their main
 * classes from the {@code kafka-tools} jar (see {@link CliTool}). What is observed is what a user
 * reads: exit codes and output lines, with the run's topic and group names, topic ids and member
 * ids replaced by fixed names and runs of blanks (table padding) collapsed.
 */
public final class CliScenarios {
    private CliScenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
            Scenario.of("cli-topics-create-list-describe", "cli",
                "kafka-topics --create (with a config), --create again, --list, --describe, --describe of an unknown topic",
                CliScenarios::topicsCreateListDescribe),
            Scenario.of("cli-topics-alter-delete", "cli",
                "kafka-topics --alter --partitions, --describe, --delete, --list",
                CliScenarios::topicsAlterDelete),
            Scenario.of("cli-console-produce-consume", "cli",
                "kafka-console-producer with keys from stdin, kafka-console-consumer --from-beginning printing keys and partitions",
                CliScenarios::consoleProduceConsume),
            Scenario.of("cli-consumer-groups-describe", "cli",
                "kafka-consumer-groups --list, --describe (offsets and lag), --describe --state and --members of a group",
                CliScenarios::groupsDescribe),
            Scenario.of("cli-consumer-groups-reset-offsets", "cli",
                "kafka-consumer-groups --reset-offsets --to-earliest / --to-offset / --shift-by, dry run and --execute, then --delete",
                CliScenarios::groupsResetOffsets));
    }

    private static String bootstrap(ScenarioContext ctx) {
        return ctx.broker().bootstrapServers();
    }

    /**
     * Output with names replaced by their aliases, ids masked, blanks collapsed, and the lines
     * sorted: the tools print rows in the order of a hash map keyed by topic partitions, whose
     * hashes depend on the run's topic names.
     */
    private static List<String> normalized(List<String> lines, Map<String, String> aliases) {
        List<String> result = new ArrayList<>();
        for (String line : lines) {
            String text = line;
            for (Map.Entry<String, String> alias : aliases.entrySet()) {
                text = text.replace(alias.getKey(), alias.getValue());
            }
            text = text.replaceAll("TopicId: \\S+", "TopicId: <id>")
                .replaceAll("console-consumer-[0-9a-f-]+|consumer-[A-Za-z]+-[0-9]+-[0-9a-f-]{36}", "<member>")
                .replaceAll("\\s+", " ").strip();
            if (!text.isEmpty()) {
                result.add(text);
            }
        }
        result.sort(null);
        return result;
    }

    private static Map<String, Object> observed(ScenarioContext ctx, CliTool.Run run, Map<String, String> names) {
        Map<String, String> aliases = new LinkedHashMap<>(names);
        aliases.put(bootstrap(ctx), "BROKER");
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("exit", run.exitCode());
        view.put("out", normalized(run.out(), aliases));
        if (run.exitCode() != 0) {
            // the first line of what it printed on stderr (an error message; a stack trace's first line)
            view.put("err", run.err().stream().filter(l -> !l.isBlank()).findFirst()
                .map(l -> normalized(List.of(l), aliases).get(0)).orElse(null));
        }
        return view;
    }

    private static void topicsCreateListDescribe(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.name("t");
        Map<String, String> aliases = Map.of(topic, "T", ctx.name("missing"), "MISSING");
        out.expect("create", Map.of("exit", 0L, "out", List.of("Created topic T.")), observed(ctx, CliTool.run(CliTool.TOPICS, null,
            "--bootstrap-server", bootstrap(ctx), "--create", "--topic", topic, "--partitions", "3",
            "--replication-factor", "1", "--config", "retention.ms=3600000"), aliases));
        CliTool.Run again = CliTool.run(CliTool.TOPICS, null, "--bootstrap-server", bootstrap(ctx), "--create",
            "--topic", topic, "--partitions", "3");
        out.put("create.again", observed(ctx, again, aliases));
        out.check("create.again.refused", again.exitCode() != 0);
        CliTool.Run list = CliTool.run(CliTool.TOPICS, null, "--bootstrap-server", bootstrap(ctx), "--list");
        out.expect("list.exit", 0, list.exitCode());
        out.check("listed", list.out().contains(topic));
        ctx.awaitLeaders(topic, 3);
        out.put("describe", observed(ctx, CliTool.run(CliTool.TOPICS, null, "--bootstrap-server", bootstrap(ctx), "--describe",
            "--topic", topic), aliases));
        out.put("describe.unknown", observed(ctx, CliTool.run(CliTool.TOPICS, null, "--bootstrap-server", bootstrap(ctx),
            "--describe", "--topic", ctx.name("missing")), aliases));
    }

    private static void topicsAlterDelete(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 1);
        Map<String, String> aliases = Map.of(topic, "T");
        out.put("alter", observed(ctx, CliTool.run(CliTool.TOPICS, null, "--bootstrap-server", bootstrap(ctx), "--alter",
            "--topic", topic, "--partitions", "4"), aliases));
        ctx.awaitLeaders(topic, 4);
        out.put("describe", observed(ctx, CliTool.run(CliTool.TOPICS, null, "--bootstrap-server", bootstrap(ctx),
            "--describe", "--topic", topic), aliases));
        out.put("alter.fewer", observed(ctx, CliTool.run(CliTool.TOPICS, null, "--bootstrap-server", bootstrap(ctx), "--alter",
            "--topic", topic, "--partitions", "2"), aliases));
        out.expect("delete", Map.of("exit", 0L, "out", List.of()), observed(ctx, CliTool.run(CliTool.TOPICS, null,
            "--bootstrap-server", bootstrap(ctx), "--delete", "--topic", topic), aliases));
        Deadline deadline = Deadline.after(WAIT);
        boolean listed = true;
        while (listed && !deadline.expired()) {
            listed = CliTool.run(CliTool.TOPICS, null, "--bootstrap-server", bootstrap(ctx), "--list").out().contains(topic);
        }
        out.check("not.listed.after.delete", !listed);
    }

    private static void consoleProduceConsume(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        Map<String, String> aliases = Map.of(topic, "T");
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            input.append("key-").append(i).append(':').append("value-").append(i).append('\n');
        }
        CliTool.Run produced = CliTool.run(CliTool.CONSOLE_PRODUCER, input.toString(), "--bootstrap-server",
            bootstrap(ctx), "--topic", topic, "--reader-property", "parse.key=true", "--reader-property", "key.separator=:");
        out.expect("produce", Map.of("exit", 0L, "out", List.of()), observed(ctx, produced, aliases));
        CliTool.Run consumed = CliTool.run(CliTool.CONSOLE_CONSUMER, null, "--bootstrap-server", bootstrap(ctx),
            "--topic", topic, "--from-beginning", "--max-messages", "6", "--timeout-ms", "15000",
            "--formatter-property", "print.key=true", "--formatter-property", "print.partition=true",
            "--formatter-property", "print.offset=true");
        out.expect("consume.exit", 0, consumed.exitCode());
        out.put("consume.out", normalized(consumed.out(), aliases));
        out.expect("consume.summary", List.of("Processed a total of 6 messages"), normalized(consumed.err(), aliases)
            .stream().filter(l -> l.startsWith("Processed")).toList());
    }

    /** 10 records on 2 partitions, read by a console consumer in {@code group}, which commits them as it closes. */
    private static void consumeInGroup(ScenarioContext ctx, String topic, String group) throws Exception {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(new ProducerRecord<>(topic, i % 2, "k" + i, "v" + i));
        }
        ScenarioContext.sendAll(ctx.producer(), records);
        CliTool.Run consumed = CliTool.run(CliTool.CONSOLE_CONSUMER, null, "--bootstrap-server", bootstrap(ctx),
            "--topic", topic, "--group", group, "--from-beginning", "--max-messages", "10", "--timeout-ms", "15000");
        if (consumed.exitCode() != 0 || consumed.out().size() != 10) {
            throw new AssertionError("the console consumer in group " + group + " read " + consumed.out().size()
                + " records (exit " + consumed.exitCode() + "): " + consumed.err());
        }
    }

    private static void groupsDescribe(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        String group = ctx.name("g");
        Map<String, String> aliases = Map.of(topic, "T", group, "G");
        consumeInGroup(ctx, topic, group);
        CliTool.Run list = CliTool.run(CliTool.CONSUMER_GROUPS, null, "--bootstrap-server", bootstrap(ctx), "--list");
        out.expect("list.exit", 0, list.exitCode());
        out.check("listed", list.out().contains(group));
        out.put("describe", observed(ctx, CliTool.run(CliTool.CONSUMER_GROUPS, null, "--bootstrap-server", bootstrap(ctx),
            "--describe", "--group", group), aliases));
        out.put("describe.state", observed(ctx, CliTool.run(CliTool.CONSUMER_GROUPS, null, "--bootstrap-server",
            bootstrap(ctx), "--describe", "--group", group, "--state"), aliases));
        out.put("describe.members", observed(ctx, CliTool.run(CliTool.CONSUMER_GROUPS, null, "--bootstrap-server",
            bootstrap(ctx), "--describe", "--group", group, "--members"), aliases));
        out.put("describe.unknown", observed(ctx, CliTool.run(CliTool.CONSUMER_GROUPS, null, "--bootstrap-server",
            bootstrap(ctx), "--describe", "--group", ctx.name("unknown")), Map.of(ctx.name("unknown"), "UNKNOWN")));
    }

    private static void groupsResetOffsets(ScenarioContext ctx, Observations out) throws Exception {
        String topic = ctx.createTopic("t", 2);
        String group = ctx.name("g");
        Map<String, String> aliases = Map.of(topic, "T", group, "G");
        consumeInGroup(ctx, topic, group);
        String[] common = {"--bootstrap-server", bootstrap(ctx), "--group", group, "--topic", topic, "--reset-offsets"};
        out.put("dry.run.to.earliest", observed(ctx, CliTool.run(CliTool.CONSUMER_GROUPS, null, concat(common,
            "--to-earliest", "--dry-run")), aliases));
        out.put("execute.to.offset.3", observed(ctx, CliTool.run(CliTool.CONSUMER_GROUPS, null, concat(common,
            "--to-offset", "3", "--execute")), aliases));
        out.put("execute.shift.by.minus.1", observed(ctx, CliTool.run(CliTool.CONSUMER_GROUPS, null, concat(common,
            "--shift-by", "-1", "--execute")), aliases));
        var committed = JavaApi.committed(ctx.admin(), group, null).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Map<Integer, Long> offsets = new java.util.TreeMap<>();
        committed.forEach((tp, om) -> offsets.put(tp.partition(), om.offset()));
        out.expect("committed.after", Map.of(0, 2L, 1, 2L), offsets);
        out.put("delete", observed(ctx, CliTool.run(CliTool.CONSUMER_GROUPS, null, "--bootstrap-server", bootstrap(ctx),
            "--delete", "--group", group), aliases));
        out.check("not.listed.after.delete", !CliTool.run(CliTool.CONSUMER_GROUPS, null, "--bootstrap-server",
            bootstrap(ctx), "--list").out().contains(group));
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
