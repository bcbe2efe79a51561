package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeGroupsRequest;
import io.samsa.protocol.message.DescribeGroupsResponse;
import io.samsa.protocol.message.DescribeGroupsResponse.DescribedGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeGroups (key 15), v0–6. An unknown group is reported as a Dead group without error before v6, and as
 * {@code GROUP_ID_NOT_FOUND} from v6 (KIP-1043). Authorized operations (v3+) are every group operation: Samsa has no
 * authorizer.
 */
public final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequest, DescribeGroupsResponse> {
    /** READ (3), DELETE (6) and DESCRIBE (8): the operations a group supports, as a bit field. */
    static final int ALL_GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);
    private static final int NOT_REQUESTED = Integer.MIN_VALUE;

    private final GroupCoordinator groups;

    public DescribeGroupsHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_GROUPS;
    }

    @Override
    public CompletableFuture<DescribeGroupsResponse> handle(RequestContext ctx, DescribeGroupsRequest request) {
        List<CompletableFuture<DescribedGroup>> described = new ArrayList<>();
        request.groups().forEach(id -> described.add(groups.describeGroup(id)));
        return CompletableFuture.allOf(described.toArray(CompletableFuture[]::new)).thenApply(v -> {
            DescribeGroupsResponse response = new DescribeGroupsResponse();
            described.forEach(f -> response.groups().add(shape(f.join(), ctx.apiVersion(), request)));
            return response;
        });
    }

    private static DescribedGroup shape(DescribedGroup group, short version, DescribeGroupsRequest request) {
        if (group.errorCode() == ErrorCode.GROUP_ID_NOT_FOUND.code()) {
            group.setGroupState("Dead").setProtocolType("").setProtocolData("").setMembers(new ArrayList<>());
            if (version >= 6) {
                group.setErrorMessage("Group " + group.groupId() + " not found.");
            } else {
                group.setErrorCode(ErrorCode.NONE.code());
            }
        }
        if (version >= 3) {
            group.setAuthorizedOperations(request.includeAuthorizedOperations() && group.errorCode() == 0
                    ? ALL_GROUP_OPERATIONS : NOT_REQUESTED);
        }
        return group;
    }

    @Override
    public DescribeGroupsResponse errorResponse(RequestContext ctx, DescribeGroupsRequest request, ErrorCode error) {
        DescribeGroupsResponse response = new DescribeGroupsResponse();
        request.groups().forEach(id -> response.groups().add(new DescribedGroup().setGroupId(id)
                .setErrorCode(error.code()).setGroupState("").setProtocolType("").setProtocolData("")));
        return response;
    }
}
