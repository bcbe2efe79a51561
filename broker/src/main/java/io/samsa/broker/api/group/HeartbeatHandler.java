package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.HeartbeatRequest;
import io.samsa.protocol.message.HeartbeatResponse;

import java.util.concurrent.CompletableFuture;

/** Heartbeat (key 12), v0–4: keeps a member's session alive and tells it when a rebalance is under way. */
public final class HeartbeatHandler implements ApiHandler<HeartbeatRequest, HeartbeatResponse> {
    private final GroupCoordinator groups;

    public HeartbeatHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.HEARTBEAT;
    }

    @Override
    public CompletableFuture<HeartbeatResponse> handle(RequestContext ctx, HeartbeatRequest request) {
        return groups.heartbeat(request).thenApply(error -> new HeartbeatResponse().setErrorCode(error.code()));
    }

    @Override
    public HeartbeatResponse errorResponse(RequestContext ctx, HeartbeatRequest request, ErrorCode error) {
        return new HeartbeatResponse().setErrorCode(error.code());
    }
}
