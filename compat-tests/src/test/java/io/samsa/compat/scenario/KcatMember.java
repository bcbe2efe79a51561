package io.samsa.compat.scenario;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kcat balanced consumer ({@code -G}) as a group member: its rebalance events and assignment
 * as kcat reports them on stderr, and the records it prints ({@code topic:partition:offset:value}).
 * kcat reports an eager rebalance as {@code rebalanced (memberid M): assigned: t [0], t [1]}
 * (or {@code revoked:}), a cooperative one as {@code rebalanced: incremental assignment of N
 * partition(s) (memberid M, COOPERATIVE rebalance protocol): t [0]} (or {@code incremental revoke}).
 */
final class KcatMember implements AutoCloseable {
    static final String FORMAT = "%t:%p:%o:%s\\n";
    private static final Pattern EAGER = Pattern.compile("rebalanced \\(memberid [^)]*\\): (assigned|revoked): ?(.*)$");
    private static final Pattern COOPERATIVE = Pattern.compile(
        "rebalanced: incremental (assignment|revoke) of \\d+ partition\\(s\\) \\(memberid [^)]*\\): ?(.*)$");
    private static final Pattern PARTITION = Pattern.compile("(\\S+) \\[(\\d+)]");
    private static final Pattern FETCH = Pattern.compile("Fetch topic (\\S+) \\[(\\d+)] at offset (\\d+)");

    final String name;
    final KcatProcess process;

    private KcatMember(String name, KcatProcess process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts {@code kcat -G group} on {@code topics} with a 6 s session, from the earliest offset
     * unless {@code options} say otherwise (they are {@code -X} properties and other kcat flags).
     */
    static KcatMember start(ScenarioContext ctx, String name, String group, List<String> topics, String... options)
        throws IOException {
        // -u: unbuffered stdout, so that each record is seen as it is consumed
        List<String> arguments = new ArrayList<>(List.of("-G", group, "-u", "-X", "session.timeout.ms=6000",
            "-X", "heartbeat.interval.ms=500", "-X", "auto.offset.reset=earliest", "-f", FORMAT));
        arguments.addAll(List.of(options));
        arguments.addAll(topics);
        KcatMember member = new KcatMember(name, KcatProcess.start(ctx.broker().bootstrapServers(), arguments));
        ctx.onClose(member);
        return member;
    }

    /** {@code assigned:N} / {@code revoked:N} for each rebalance kcat reported, in order. */
    List<String> events() {
        List<String> events = new ArrayList<>();
        for (String line : process.err()) {
            Matcher eager = EAGER.matcher(line);
            Matcher cooperative = COOPERATIVE.matcher(line);
            if (eager.find()) {
                events.add(eager.group(1) + ":" + partitions(eager.group(2)).size());
            } else if (cooperative.find()) {
                events.add(("assignment".equals(cooperative.group(1)) ? "assigned" : "revoked") + ":"
                    + partitions(cooperative.group(2)).size());
            }
        }
        return events;
    }

    /** The member's partitions now ({@code topic-p}, sorted), replaying its rebalance events. */
    List<String> assignment() {
        TreeSet<String> owned = new TreeSet<>();
        for (String line : process.err()) {
            Matcher eager = EAGER.matcher(line);
            Matcher cooperative = COOPERATIVE.matcher(line);
            if (eager.find()) {
                // eager: an assignment replaces everything, a revocation takes everything
                owned.clear();
                if ("assigned".equals(eager.group(1))) {
                    owned.addAll(partitions(eager.group(2)));
                }
            } else if (cooperative.find()) {
                if ("assignment".equals(cooperative.group(1))) {
                    owned.addAll(partitions(cooperative.group(2)));
                } else {
                    owned.removeAll(partitions(cooperative.group(2)));
                }
            }
        }
        return List.copyOf(owned);
    }

    /** The partition numbers of {@link #assignment()}, for a member of one topic. */
    List<Integer> partitionNumbers() {
        return assignment().stream().map(tp -> Integer.parseInt(tp.substring(tp.lastIndexOf('-') + 1))).sorted().toList();
    }

    /** The offsets its fetches started at ({@code -d fetch} output), by {@code topic-p}, in order. */
    List<String> fetchOffsets() {
        List<String> fetches = new ArrayList<>();
        for (String line : process.err()) {
            Matcher fetch = FETCH.matcher(line);
            if (fetch.find()) {
                fetches.add(fetch.group(1) + "-" + fetch.group(2) + "@" + fetch.group(3));
            }
        }
        return fetches;
    }

    /** The records it printed, {@code topic:partition:offset:value}. */
    List<String> records() {
        return process.out();
    }

    /** Waits until {@code done} holds (see {@link KcatProcess#await}). */
    void await(String what, Duration timeout, java.util.function.BooleanSupplier done) throws InterruptedException {
        process.await(name + ": " + what, timeout, done);
    }

    private static List<String> partitions(String list) {
        List<String> partitions = new ArrayList<>();
        Matcher matcher = PARTITION.matcher(list);
        while (matcher.find()) {
            partitions.add(matcher.group(1) + "-" + matcher.group(2));
        }
        return partitions;
    }

    @Override
    public void close() {
        process.close();
    }
}
