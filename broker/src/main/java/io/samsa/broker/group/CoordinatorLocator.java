package io.samsa.broker.group;

import io.samsa.broker.metadata.BrokerEndpoint;
import io.samsa.broker.metadata.BrokerRegistration;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.protocol.ErrorCode;

import java.util.Optional;

/**
 * Where a coordinator key lives, as Kafka decides it: the leader of partition {@code abs(key.hashCode()) % n} of
 * the coordinator's internal topic ({@code __consumer_offsets} for groups, {@code __transaction_state} for
 * transactional ids), reached through the listener the request came in on. Stateless.
 */
public final class CoordinatorLocator {

    /** A coordinator's address, or why there is none. */
    public record Coordinator(ErrorCode error, String message, int nodeId, String host, int port) {
        static Coordinator unavailable(String message) {
            return new Coordinator(ErrorCode.COORDINATOR_NOT_AVAILABLE, message, -1, "", -1);
        }

        public static Coordinator error(ErrorCode error, String message) {
            return new Coordinator(error, message, -1, "", -1);
        }
    }

    private CoordinatorLocator() {
    }

    /** Kafka's {@code Utils.abs(key.hashCode()) % partitions} (where abs(Integer.MIN_VALUE) is 0). */
    public static int partitionFor(String key, int partitions) {
        int hash = key.hashCode();
        return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % partitions;
    }

    /** The partition count of {@code topic}, or {@code configured} while it does not exist. */
    public static int partitionCount(MetadataImage image, String topic, int configured) {
        return image.topic(topic).map(TopicImage::numPartitions).filter(n -> n > 0).orElse(configured);
    }

    /** The leader of {@code topic}'s partition for {@code key}, at its endpoint on {@code listenerName}. */
    public static Coordinator locate(MetadataImage image, String topic, String key, String listenerName) {
        Optional<TopicImage> internal = image.topic(topic);
        if (internal.isEmpty() || internal.get().numPartitions() == 0) {
            return Coordinator.unavailable("The coordinator topic " + topic + " does not exist yet.");
        }
        int partition = partitionFor(key, internal.get().numPartitions());
        PartitionImage p = internal.get().partition(partition).orElseThrow();
        if (p.leader() == PartitionImage.NO_LEADER) {
            return Coordinator.unavailable(topic + "-" + partition + " has no leader.");
        }
        Optional<BrokerEndpoint> endpoint = image.broker(p.leader()).flatMap(b -> endpoint(b, listenerName));
        if (endpoint.isEmpty()) {
            return Coordinator.unavailable("Broker " + p.leader() + " has no endpoint for listener " + listenerName
                    + ".");
        }
        return new Coordinator(ErrorCode.NONE, null, p.leader(), endpoint.get().host(), endpoint.get().port());
    }

    private static Optional<BrokerEndpoint> endpoint(BrokerRegistration broker, String listenerName) {
        return broker.endpoints().stream()
                .filter(e -> listenerName == null || listenerName.isEmpty() || e.listenerName().equals(listenerName))
                .findFirst();
    }
}
