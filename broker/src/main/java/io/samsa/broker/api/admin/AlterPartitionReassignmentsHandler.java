package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.AlterPartitionReassignmentsRequest;
import io.samsa.protocol.message.AlterPartitionReassignmentsRequest.ReassignablePartition;
import io.samsa.protocol.message.AlterPartitionReassignmentsRequest.ReassignableTopic;
import io.samsa.protocol.message.AlterPartitionReassignmentsResponse;
import io.samsa.protocol.message.AlterPartitionReassignmentsResponse.ReassignablePartitionResponse;
import io.samsa.protocol.message.AlterPartitionReassignmentsResponse.ReassignableTopicResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * AlterPartitionReassignments (key 45), v0–1, validated as Kafka 4.4's controller does, partition by partition and in
 * its order: an unknown topic or partition is UNKNOWN_TOPIC_OR_PARTITION; a cancel (null replicas) with nothing to
 * cancel is NO_REASSIGNMENT_IN_PROGRESS; an empty list, an unregistered broker or a broker named twice is
 * INVALID_REPLICA_ASSIGNMENT; from v1, a changed replica count without {@code allowReplicationFactorChange} is
 * INVALID_REPLICATION_FACTOR. A valid request is recorded in the metadata (answered once this broker's image shows it)
 * and the partition's data group leader carries it out ({@code ReassignmentDriver}); ListPartitionReassignments shows
 * it until then. A target equal to the current replica list completes at once, as in Kafka. Any replication factor
 * change is carried out: a partition with one replica first enters a data group of its own on its broker.
 */
public final class AlterPartitionReassignmentsHandler
        implements ApiHandler<AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse> {

    private final MetadataStore metadata;

    AlterPartitionReassignmentsHandler(MetadataStore metadata) {
        this.metadata = metadata;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ALTER_PARTITION_REASSIGNMENTS;
    }

    @Override
    public CompletableFuture<AlterPartitionReassignmentsResponse> handle(RequestContext ctx,
                                                                        AlterPartitionReassignmentsRequest request) {
        // v0 has no such field: Kafka treats it as allowed.
        boolean allowFactorChange = ctx.apiVersion() < 1 || request.allowReplicationFactorChange();
        MetadataImage image = metadata.image();
        List<CompletableFuture<ReassignableTopicResponse>> topics = new ArrayList<>();
        for (ReassignableTopic topic : request.topics()) {
            List<CompletableFuture<ReassignablePartitionResponse>> partitions = new ArrayList<>();
            for (ReassignablePartition partition : topic.partitions()) {
                partitions.add(reassign(image, topic.name(), partition, allowFactorChange).thenApply(outcome ->
                        new ReassignablePartitionResponse().setPartitionIndex(partition.partitionIndex())
                                .setErrorCode(outcome.error().code()).setErrorMessage(outcome.message())));
            }
            topics.add(allOf(partitions).thenApply(done -> new ReassignableTopicResponse().setName(topic.name())
                    .setPartitions(done)));
        }
        return allOf(topics).thenApply(done -> new AlterPartitionReassignmentsResponse()
                .setAllowReplicationFactorChange(allowFactorChange).setResponses(done));
    }

    private static <T> CompletableFuture<List<T>> allOf(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> futures.stream().map(CompletableFuture::join).toList());
    }

    record Outcome(ErrorCode error, String message) {
        static final Outcome DONE = new Outcome(ErrorCode.NONE, null);
    }

    private CompletableFuture<Outcome> reassign(MetadataImage image, String topicName, ReassignablePartition request,
                                                boolean allowFactorChange) {
        Outcome invalid = validate(image, topicName, request, allowFactorChange);
        if (invalid != null) {
            return CompletableFuture.completedFuture(invalid);
        }
        TopicImage topic = image.topic(topicName).orElseThrow();
        return metadata.reassignPartition(topic.topicId(), request.partitionIndex(), request.replicas())
                .thenApply(result -> result.isOk() ? Outcome.DONE : new Outcome(
                        result.error() == ErrorCode.UNKNOWN_TOPIC_ID ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                                : result.error(), result.message()));
    }

    /** The checks Kafka makes before it records anything, in its order; null when the request may go ahead. */
    static Outcome validate(MetadataImage image, String topicName, ReassignablePartition request,
                            boolean allowFactorChange) {
        Optional<TopicImage> topic = image.topic(topicName);
        if (topic.isEmpty()) {
            return new Outcome(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Unable to find a topic named " + topicName + ".");
        }
        Optional<PartitionImage> partition = topic.get().partition(request.partitionIndex());
        if (partition.isEmpty()) {
            return new Outcome(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                    "Unable to find partition " + topicName + ":" + request.partitionIndex() + ".");
        }
        PartitionImage current = partition.get();
        List<Integer> target = request.replicas();
        if (target == null) {
            return current.reassignment() == null
                    ? new Outcome(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, "No partition reassignment is in progress.")
                    : null;
        }
        Outcome invalid = validateAssignment(image, target);
        if (invalid != null) {
            return invalid;
        }
        List<Integer> replicas = current.reassignment() != null ? current.reassignment().original()
                : current.replicas();
        if (!allowFactorChange && replicas.size() != target.size()) {
            return new Outcome(ErrorCode.INVALID_REPLICATION_FACTOR,
                    "The replication factor is changed from " + replicas.size() + " to " + target.size());
        }
        if (current.replicas().equals(target) && current.reassignment() == null) {
            return Outcome.DONE;
        }
        return null;
    }

    /** Kafka's manual assignment checks, in its order: empty, then per broker unregistered before repeated. */
    private static Outcome validateAssignment(MetadataImage image, List<Integer> target) {
        if (target.isEmpty()) {
            return new Outcome(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                    "The manual partition assignment includes an empty replica list.");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer broker : target) {
            if (image.broker(broker).isEmpty()) {
                return new Outcome(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment includes "
                        + "broker " + broker + ", but no such broker is registered.");
            }
            if (!seen.add(broker)) {
                return new Outcome(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment includes "
                        + "the broker " + broker + " more than once.");
            }
        }
        return null;
    }

    @Override
    public AlterPartitionReassignmentsResponse errorResponse(RequestContext ctx,
                                                             AlterPartitionReassignmentsRequest request,
                                                             ErrorCode error) {
        AlterPartitionReassignmentsResponse response = new AlterPartitionReassignmentsResponse()
                .setErrorCode(error.code()).setAllowReplicationFactorChange(request.allowReplicationFactorChange());
        for (ReassignableTopic topic : request.topics()) {
            ReassignableTopicResponse topicResponse = new ReassignableTopicResponse().setName(topic.name());
            for (ReassignablePartition partition : topic.partitions()) {
                topicResponse.partitions().add(new ReassignablePartitionResponse()
                        .setPartitionIndex(partition.partitionIndex()).setErrorCode(error.code()));
            }
            response.responses().add(topicResponse);
        }
        return response;
    }
}
