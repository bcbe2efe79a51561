package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.SyncGroupRequest;
import io.samsa.protocol.message.SyncGroupResponse;

import java.util.concurrent.CompletableFuture;

/**
 * SyncGroup (key 14), v0–5: followers' responses are parked until the leader's assignment is committed; from v5
 * the request's protocol type and name must match the group's (KIP-559).
 */
public final class SyncGroupHandler implements ApiHandler<SyncGroupRequest, SyncGroupResponse> {
    private final GroupCoordinator groups;

    public SyncGroupHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SYNC_GROUP;
    }

    @Override
    public CompletableFuture<SyncGroupResponse> handle(RequestContext ctx, SyncGroupRequest request) {
        return groups.syncGroup(request);
    }

    @Override
    public SyncGroupResponse errorResponse(RequestContext ctx, SyncGroupRequest request, ErrorCode error) {
        return new SyncGroupResponse().setErrorCode(error.code());
    }
}
