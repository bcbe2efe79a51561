package io.samsa.compat.scenario;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The few kafka-clients calls that the harness itself needs and whose API changed between 2.8 and
 * 4.x, made so that one compiled scenario runs on every client generation (each in its own JVM
 * with its own jar). Scenario bodies that need a newer API declare it with
 * {@link Scenario#since} instead. Calls that only 4.x has are kept in {@link Since41} so that an
 * older JVM never resolves them.
 */
public final class JavaApi {
    /** {@code CloseOptions} (KIP-1092, kafka-clients 4.1): how a consumer leaves its group on close. */
    static final boolean HAS_CLOSE_OPTIONS = present("org.apache.kafka.clients.consumer.CloseOptions");
    /**
     * Before {@code CloseOptions}, a dynamic member always sent LeaveGroup on close unless this
     * internal config said otherwise; a member that must look crashed is created with it.
     */
    public static final String LEAVE_GROUP_ON_CLOSE = "internal.leave.group.on.close";

    private JavaApi() {
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, JavaApi.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Whether the client's class {@code className} has a public method {@code method}. */
    public static boolean hasMethod(String className, String method) {
        try {
            return java.util.Arrays.stream(Class.forName(className).getMethods()).anyMatch(m -> m.getName().equals(method));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** describeTopics of one name: {@code topicNameValues()} from 3.1, {@code values()} before (gone in 4.0). */
    @SuppressWarnings("unchecked")
    public static KafkaFuture<TopicDescription> describeTopic(Admin admin, String topic) {
        DescribeTopicsResult result = admin.describeTopics(List.of(topic));
        for (String method : List.of("topicNameValues", "values")) {
            try {
                Map<String, KafkaFuture<TopicDescription>> byName = (Map<String, KafkaFuture<TopicDescription>>)
                    DescribeTopicsResult.class.getMethod(method).invoke(result);
                return byName.get(topic);
            } catch (NoSuchMethodException e) {
                // the other generation's name
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("DescribeTopicsResult." + method + " failed", e);
            }
        }
        throw new IllegalStateException("DescribeTopicsResult has neither topicNameValues() nor values()");
    }

    /** Closes without waiting for anything (a parked fetch would hold a graceful close). */
    @SuppressWarnings("deprecation") // close(Duration): the only way before 4.1
    public static void closeNow(KafkaConsumer<?, ?> consumer) {
        if (HAS_CLOSE_OPTIONS) {
            Since41.close(consumer, Duration.ZERO, null);
        } else {
            consumer.close(Duration.ZERO);
        }
    }

    /**
     * Closes and leaves the group (LeaveGroup), or stays in it as a crashed member would. Before
     * 4.1 a static member never leaves on close, and a dynamic member stays only when it was
     * created with {@link #LEAVE_GROUP_ON_CLOSE}{@code =false}.
     */
    @SuppressWarnings("deprecation") // close(Duration): the only way before 4.1
    public static void close(KafkaConsumer<?, ?> consumer, boolean leaveGroup, Duration timeout) {
        if (HAS_CLOSE_OPTIONS) {
            Since41.close(consumer, timeout, leaveGroup);
        } else {
            consumer.close(timeout);
        }
    }

    /**
     * The value of the first of {@code accessors} (no-argument methods) that {@code target} has,
     * with an {@code Optional} unwrapped and an enum as its name; null when it has none of them.
     * For accessors that were renamed ({@code groupState()} in 4.0, {@code state()} before) or
     * added ({@code type()}, {@code memberEpoch()}) between generations: each generation's run is
     * compared only with the same generation's reference run, so a field that an old client
     * cannot observe is consistently null.
     */
    public static Object property(Object target, String... accessors) {
        for (String accessor : accessors) {
            Method method;
            try {
                method = target.getClass().getMethod(accessor);
            } catch (NoSuchMethodException e) {
                continue;
            }
            try {
                Object value = method.invoke(target);
                if (value instanceof Optional<?> optional) {
                    value = optional.orElse(null);
                } else if (value instanceof java.util.OptionalLong optional) {
                    value = optional.isPresent() ? optional.getAsLong() : null;
                } else if (value instanceof java.util.OptionalInt optional) {
                    value = optional.isPresent() ? optional.getAsInt() : null;
                }
                return value instanceof Enum<?> e ? e.name() : value;
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(target.getClass().getSimpleName() + "." + accessor + " failed", e);
            }
        }
        return null;
    }

    /**
     * A group's committed offsets: all of them, or those of {@code partitions}, asked with
     * {@code ListConsumerGroupOffsetsSpec} from 3.3 and with the options' {@code topicPartitions}
     * before (gone in 4.0).
     */
    public static KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> committed(Admin admin, String group,
                                                                               List<TopicPartition> partitions) {
        if (partitions == null) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata();
        }
        if (present("org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec")) {
            return Since33.committed(admin, group, partitions);
        }
        ListConsumerGroupOffsetsOptions options = new ListConsumerGroupOffsetsOptions();
        try {
            ListConsumerGroupOffsetsOptions.class.getMethod("topicPartitions", List.class).invoke(options, partitions);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ListConsumerGroupOffsetsOptions.topicPartitions failed", e);
        }
        return admin.listConsumerGroupOffsets(group, options).partitionsToOffsetAndMetadata();
    }

    /** The 3.3+ calls, resolved only when this class is first used, which older JVMs never do. */
    private static final class Since33 {
        static KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> committed(Admin admin, String group,
                                                                            List<TopicPartition> partitions) {
            return admin.listConsumerGroupOffsets(Map.of(group, new ListConsumerGroupOffsetsSpec()
                .topicPartitions(partitions))).partitionsToOffsetAndMetadata(group);
        }
    }

    /** The 4.1+ calls, resolved only when this class is first used, which older JVMs never do. */
    private static final class Since41 {
        static void close(KafkaConsumer<?, ?> consumer, Duration timeout, Boolean leaveGroup) {
            CloseOptions options = leaveGroup == null ? CloseOptions.timeout(timeout)
                : CloseOptions.groupMembershipOperation(leaveGroup ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                    : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP).withTimeout(timeout);
            consumer.close(options);
        }
    }
}
