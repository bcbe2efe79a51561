package io.samsa.compat.scenario;

import io.samsa.compat.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumer-group member for rebalance scenarios: a subscribed consumer that remembers its
 * rebalance callbacks and the records it received. Several members are driven from one thread by
 * {@link #pollUntil}, which polls each in turn for a short while (a classic-protocol rebalance
 * completes across several polls), so no member thread and no sleep is needed.
 *
 * <p>Confined to the scenario's thread.
 */
public final class GroupMember {
    private static final Duration POLL_STEP = Duration.ofMillis(100);

    private final String name;
    private final KafkaConsumer<String, String> consumer;
    private final List<String> events = new ArrayList<>();
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();
    private boolean closed;

    GroupMember(String name, KafkaConsumer<String, String> consumer, List<String> topics) {
        this.name = name;
        this.consumer = consumer;
        consumer.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                events.add("revoked:" + partitions.size());
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                events.add("assigned:" + partitions.size());
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                events.add("lost:" + partitions.size());
            }
        });
    }

    public String name() {
        return name;
    }

    public KafkaConsumer<String, String> consumer() {
        return consumer;
    }

    /** Rebalance callbacks in order, as {@code assigned:N}, {@code revoked:N}, {@code lost:N}. */
    public List<String> events() {
        return List.copyOf(events);
    }

    public List<ConsumerRecord<String, String>> received() {
        return List.copyOf(received);
    }

    public void pollOnce(Duration timeout) {
        if (!closed) {
            consumer.poll(timeout).forEach(received::add);
        }
    }

    /** The assigned partition numbers (for single-topic scenarios). */
    public Set<Integer> partitions() {
        Set<Integer> partitions = new TreeSet<>();
        consumer.assignment().forEach(tp -> partitions.add(tp.partition()));
        return partitions;
    }

    /** The assignment as {@code alias-partition} strings, topics named by {@code aliases}. */
    public Set<String> assignment(Map<String, String> aliases) {
        Set<String> assignment = new TreeSet<>();
        consumer.assignment().forEach(tp -> assignment.add(aliases.getOrDefault(tp.topic(), "?") + "-" + tp.partition()));
        return assignment;
    }

    public int generation() {
        return consumer.groupMetadata().generationId();
    }

    public String memberId() {
        return consumer.groupMetadata().memberId();
    }

    /** Leaves the group (LeaveGroup for dynamic members) and closes. */
    public void leave() {
        closed = true;
        JavaApi.close(consumer, true, Duration.ofSeconds(5));
    }

    /** Closes without leaving: to the coordinator this member crashed and its session must expire. */
    public void vanish() {
        closed = true;
        JavaApi.close(consumer, false, Duration.ofSeconds(5));
    }

    /** Polls every open member in turn until {@code done} holds; fails the scenario after {@code timeout}. */
    public static long pollUntil(String what, Duration timeout, BooleanSupplier done, GroupMember... members) {
        Deadline deadline = Deadline.after(timeout);
        while (!done.getAsBoolean()) {
            if (deadline.expired()) {
                StringBuilder state = new StringBuilder();
                for (GroupMember member : members) {
                    state.append(' ').append(member.name).append(member.closed ? "(closed)" : member.partitions())
                        .append(member.events);
                }
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what + ";" + state);
            }
            for (GroupMember member : members) {
                member.pollOnce(POLL_STEP);
            }
        }
        return deadline.elapsedMillis();
    }
}
