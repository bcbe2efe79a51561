package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataResult;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.NewPartitions;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.CreatePartitionsRequest;
import io.samsa.protocol.message.CreatePartitionsRequest.CreatePartitionsAssignment;
import io.samsa.protocol.message.CreatePartitionsRequest.CreatePartitionsTopic;
import io.samsa.protocol.message.CreatePartitionsResponse;
import io.samsa.protocol.message.CreatePartitionsResponse.CreatePartitionsTopicResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * CreatePartitions (key 37), v0–3: grows topics to a new partition count, placed by the metadata store or as the
 * request assigns them; validate-only. A count that is not an increase is INVALID_PARTITIONS, an unknown topic
 * UNKNOWN_TOPIC_OR_PARTITION, a name given twice INVALID_REQUEST. The answer waits until the local image shows the new
 * partitions, so the next Metadata answer has them.
 */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequest, CreatePartitionsResponse> {
    private final MetadataStore metadata;

    CreatePartitionsHandler(MetadataStore metadata) {
        this.metadata = metadata;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_PARTITIONS;
    }

    @Override
    public CompletableFuture<CreatePartitionsResponse> handle(RequestContext ctx, CreatePartitionsRequest request) {
        if (request.timeoutMs() <= 0) {
            // As in Kafka 4: the deadline passed before the controller could act.
            return CompletableFuture.completedFuture(errorResponse(ctx, request, ErrorCode.REQUEST_TIMED_OUT));
        }
        Map<String, Integer> counts = new HashMap<>();
        request.topics().forEach(t -> counts.merge(t.name(), 1, Integer::sum));
        List<NewPartitions> increases = new ArrayList<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            if (counts.get(topic.name()) == 1) {
                increases.add(new NewPartitions(topic.name(), topic.count(), assignments(topic)));
            }
        }
        return metadata.createPartitions(increases, request.validateOnly()).thenApply(results -> {
            CreatePartitionsResponse response = new CreatePartitionsResponse();
            List<String> names = request.topics().stream().map(CreatePartitionsTopic::name).toList();
            for (String name : new LinkedHashSet<>(names)) {
                MetadataResult result = counts.get(name) > 1
                        ? MetadataResult.error(ErrorCode.INVALID_REQUEST, "Duplicate topic name.") : results.get(name);
                response.results().add(new CreatePartitionsTopicResult().setName(name)
                        .setErrorCode(result.error().code()).setErrorMessage(result.message()));
            }
            return response;
        });
    }

    /** The replicas of each new partition, or null when the request leaves placement to the broker. */
    private static List<List<Integer>> assignments(CreatePartitionsTopic topic) {
        if (topic.assignments() == null) {
            return null;
        }
        List<List<Integer>> replicas = new ArrayList<>();
        for (CreatePartitionsAssignment assignment : topic.assignments()) {
            replicas.add(List.copyOf(assignment.brokerIds()));
        }
        return replicas;
    }

    @Override
    public CreatePartitionsResponse errorResponse(RequestContext ctx, CreatePartitionsRequest request,
                                                  ErrorCode error) {
        CreatePartitionsResponse response = new CreatePartitionsResponse();
        for (CreatePartitionsTopic topic : request.topics()) {
            response.results().add(new CreatePartitionsTopicResult().setName(topic.name())
                    .setErrorCode(error.code()));
        }
        return response;
    }
}
