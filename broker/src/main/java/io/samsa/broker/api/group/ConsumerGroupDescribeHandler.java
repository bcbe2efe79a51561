package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ConsumerGroupDescribeRequest;
import io.samsa.protocol.message.ConsumerGroupDescribeResponse;
import io.samsa.protocol.message.ConsumerGroupDescribeResponse.DescribedGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ConsumerGroupDescribe (key 69), v0–1, for KIP-848 consumer groups, which Samsa does not have: every group is a
 * classic group, so each is answered {@code GROUP_ID_NOT_FOUND}, exactly as a Kafka 4 broker answers for a classic
 * group. That is the answer on which the 4.x AdminClient's {@code describeConsumerGroups} falls back to
 * DescribeGroups; any other error would fail the call. Routing errors ({@code NOT_COORDINATOR},
 * {@code COORDINATOR_LOAD_IN_PROGRESS}) are reported as such so the client retries at the right broker.
 */
public final class ConsumerGroupDescribeHandler
        implements ApiHandler<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse> {
    private final GroupCoordinator groups;

    public ConsumerGroupDescribeHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CONSUMER_GROUP_DESCRIBE;
    }

    @Override
    public CompletableFuture<ConsumerGroupDescribeResponse> handle(RequestContext ctx,
                                                                   ConsumerGroupDescribeRequest request) {
        List<String> ids = request.groupIds();
        List<CompletableFuture<ErrorCode>> lookups = new ArrayList<>();
        ids.forEach(id -> lookups.add(groups.groupExists(id)));
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ConsumerGroupDescribeResponse response = new ConsumerGroupDescribeResponse();
            for (int i = 0; i < ids.size(); i++) {
                response.groups().add(described(ids.get(i), lookups.get(i).join()));
            }
            return response;
        });
    }

    private static DescribedGroup described(String groupId, ErrorCode lookup) {
        DescribedGroup group = new DescribedGroup().setGroupId(groupId);
        return switch (lookup) {
            case NONE -> group.setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage("Group " + groupId + " is not a consumer group.");
            case GROUP_ID_NOT_FOUND -> group.setErrorCode(lookup.code())
                    .setErrorMessage("Group " + groupId + " not found.");
            default -> group.setErrorCode(lookup.code());
        };
    }

    @Override
    public ConsumerGroupDescribeResponse errorResponse(RequestContext ctx, ConsumerGroupDescribeRequest request,
                                                       ErrorCode error) {
        ConsumerGroupDescribeResponse response = new ConsumerGroupDescribeResponse();
        request.groupIds().forEach(id -> response.groups().add(new DescribedGroup().setGroupId(id)
                .setErrorCode(error.code())));
        return response;
    }
}
