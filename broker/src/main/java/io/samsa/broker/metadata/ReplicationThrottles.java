package io.samsa.broker.metadata;

import java.util.Map;
import java.util.Set;

/**
 * Kafka's replication throttles (KIP-73), as the metadata holds them: the dynamic broker configs
 * {@code leader.replication.throttled.rate} and {@code follower.replication.throttled.rate} (bytes per second, on a
 * broker or as the cluster default; unset means unlimited) apply to the replicas a topic lists in
 * {@code leader.replication.throttled.replicas} and {@code follower.replication.throttled.replicas}
 * ({@code partition:broker,...} or {@code *}). kafka-reassign-partitions {@code --throttle} sets both for a move, and
 * {@code --verify} removes them once it is done. Pure functions of the image.
 */
public final class ReplicationThrottles {

    public static final String LEADER_RATE = "leader.replication.throttled.rate";
    public static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    public static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    public static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";
    public static final long UNLIMITED = Long.MAX_VALUE;

    private static final Set<String> RATES = Set.of(LEADER_RATE, FOLLOWER_RATE);

    private ReplicationThrottles() {
    }

    /** True for the rate configs a broker takes at runtime. */
    public static boolean isRate(String key) {
        return RATES.contains(key);
    }

    /** Kafka's check of a rate value: a long of at least 0. */
    public static boolean isValidRate(String value) {
        try {
            return Long.parseLong(value.trim()) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The bytes per second a copy of {@code topic}-{@code partition} from {@code leader} to {@code follower} may move:
     * the lower of the follower's rate (if the topic throttles the follower's replica) and the leader's (if it
     * throttles the leader's), or {@link #UNLIMITED}.
     */
    public static long copyRate(MetadataImage image, String topic, int partition, int follower, int leader) {
        Map<String, String> topicConfigs = image.topicConfigs(topic);
        long rate = UNLIMITED;
        if (lists(topicConfigs.get(FOLLOWER_REPLICAS), partition, follower)) {
            rate = Math.min(rate, rate(image, follower, FOLLOWER_RATE));
        }
        if (lists(topicConfigs.get(LEADER_REPLICAS), partition, leader)) {
            rate = Math.min(rate, rate(image, leader, LEADER_RATE));
        }
        return rate;
    }

    private static long rate(MetadataImage image, int broker, String key) {
        String value = image.brokerConfigs(broker).get(key);
        if (value == null) {
            value = image.clusterConfigs().get(key);
        }
        return value == null || !isValidRate(value) ? UNLIMITED : Long.parseLong(value.trim());
    }

    /** Whether a throttled-replicas list names {@code partition:broker} or is {@code *}. */
    static boolean lists(String replicas, int partition, int broker) {
        if (replicas == null || replicas.isBlank()) {
            return false;
        }
        String wanted = partition + ":" + broker;
        for (String item : replicas.split(",")) {
            String trimmed = item.trim();
            if (trimmed.equals("*") || trimmed.equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
