package io.samsa.broker.api.admin;

import io.samsa.broker.metadata.BrokerEndpoint;
import io.samsa.broker.metadata.BrokerRegistration;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Brokers and partitions as one listener sees them, read from one {@link MetadataImage}: what Metadata, DescribeCluster
 * and DescribeTopicPartitions report. A broker is live when it is registered; a replica is offline when its broker is
 * not registered or has no endpoint on the request's listener (Kafka's {@code KRaftMetadataCache} rules). Immutable.
 */
final class ClusterView {

    /** A broker as a client of this listener reaches it. */
    record Node(int id, String host, int port, String rack) {
    }

    /** One partition's leader, replicas and the error Metadata gives it. */
    record PartitionState(int partition, ErrorCode error, int leaderId, int leaderEpoch, List<Integer> replicas,
                          List<Integer> isr, List<Integer> offlineReplicas) {
    }

    private final MetadataImage image;
    private final String listener;

    /**
     * @param listener the listener name the request arrived on; {@code ""} (no socket server, as in unit tests) uses
     *                 each broker's first endpoint
     */
    ClusterView(MetadataImage image, String listener) {
        this.image = image;
        this.listener = listener;
    }

    MetadataImage image() {
        return image;
    }

    /** The live brokers with an endpoint on this listener, by id. */
    List<Node> brokers() {
        List<Node> nodes = new ArrayList<>();
        image.brokers().values().stream().sorted(Comparator.comparingInt(BrokerRegistration::brokerId))
                .forEach(b -> endpoint(b).ifPresent(e -> nodes.add(
                        new Node(b.brokerId(), e.host(), e.port(), b.rack()))));
        return nodes;
    }

    /** Topics sorted by name, as "all topics" lists them. */
    List<TopicImage> topicsByName() {
        return image.topics().stream().sorted(Comparator.comparing(TopicImage::name)).toList();
    }

    /**
     * The state of {@code p} as Metadata reports it.
     *
     * @param filterUnavailable       Metadata v0: leave out replicas without an endpoint and flag REPLICA_NOT_AVAILABLE
     * @param listenerNotFoundErrors  Metadata v6+: a leader without an endpoint on this listener is LISTENER_NOT_FOUND
     *                                rather than LEADER_NOT_AVAILABLE
     */
    PartitionState partition(PartitionImage p, boolean filterUnavailable, boolean listenerNotFoundErrors) {
        List<Integer> replicas = filterUnavailable ? reachable(p.replicas()) : p.replicas();
        List<Integer> isr = filterUnavailable ? reachable(p.isr()) : p.isr();
        List<Integer> offline = p.replicas().stream().filter(r -> !isReachable(r)).toList();
        if (!isReachable(p.leader())) {
            ErrorCode error = image.broker(p.leader()).isEmpty() || !listenerNotFoundErrors
                    ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.LISTENER_NOT_FOUND;
            return new PartitionState(p.partition(), error, PartitionImage.NO_LEADER, p.leaderEpoch(), replicas, isr,
                    offline);
        }
        ErrorCode error = replicas.size() < p.replicas().size() || isr.size() < p.isr().size()
                ? ErrorCode.REPLICA_NOT_AVAILABLE : ErrorCode.NONE;
        return new PartitionState(p.partition(), error, p.leader(), p.leaderEpoch(), replicas, isr, offline);
    }

    private List<Integer> reachable(List<Integer> brokerIds) {
        return brokerIds.stream().filter(this::isReachable).toList();
    }

    private boolean isReachable(int brokerId) {
        return image.broker(brokerId).flatMap(this::endpoint).isPresent();
    }

    private Optional<BrokerEndpoint> endpoint(BrokerRegistration broker) {
        if (listener.isEmpty()) {
            return broker.endpoints().stream().findFirst();
        }
        return broker.endpoint(listener);
    }
}
