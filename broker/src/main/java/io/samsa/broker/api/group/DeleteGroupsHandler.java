package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DeleteGroupsRequest;
import io.samsa.protocol.message.DeleteGroupsResponse;
import io.samsa.protocol.message.DeleteGroupsResponse.DeletableGroupResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteGroups (key 42), v0–3: deletes Empty groups with their offsets; a group with members gets
 * {@code NON_EMPTY_GROUP}, an unknown one {@code GROUP_ID_NOT_FOUND}.
 */
public final class DeleteGroupsHandler implements ApiHandler<DeleteGroupsRequest, DeleteGroupsResponse> {
    private final GroupCoordinator groups;

    public DeleteGroupsHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_GROUPS;
    }

    @Override
    public CompletableFuture<DeleteGroupsResponse> handle(RequestContext ctx, DeleteGroupsRequest request) {
        List<String> ids = request.groupsNames();
        List<CompletableFuture<ErrorCode>> results = new ArrayList<>();
        ids.forEach(id -> results.add(groups.deleteGroup(id)));
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
            DeleteGroupsResponse response = new DeleteGroupsResponse();
            for (int i = 0; i < ids.size(); i++) {
                response.results().add(new DeletableGroupResult().setGroupId(ids.get(i))
                        .setErrorCode(results.get(i).join().code()));
            }
            return response;
        });
    }

    @Override
    public DeleteGroupsResponse errorResponse(RequestContext ctx, DeleteGroupsRequest request, ErrorCode error) {
        DeleteGroupsResponse response = new DeleteGroupsResponse();
        request.groupsNames().forEach(id -> response.results().add(new DeletableGroupResult().setGroupId(id)
                .setErrorCode(error.code())));
        return response;
    }
}
