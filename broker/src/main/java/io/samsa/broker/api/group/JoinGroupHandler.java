package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupRequest;
import io.samsa.protocol.message.JoinGroupResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup (key 11), v0–9, including v0/v1 that Kafka 4.0.1 re-admitted for old librdkafka (KAFKA-19444). The
 * response may be parked until the group's join phase ends; no thread waits for it.
 */
public final class JoinGroupHandler implements ApiHandler<JoinGroupRequest, JoinGroupResponse> {
    private final GroupCoordinator groups;

    public JoinGroupHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.JOIN_GROUP;
    }

    @Override
    public CompletableFuture<JoinGroupResponse> handle(RequestContext ctx, JoinGroupRequest request) {
        return groups.joinGroup(Clients.info(ctx), request).thenApply(r -> forVersion(r, ctx.apiVersion()));
    }

    @Override
    public JoinGroupResponse errorResponse(RequestContext ctx, JoinGroupRequest request, ErrorCode error) {
        return forVersion(new JoinGroupResponse().setErrorCode(error.code()).setMemberId(request.memberId())
                .setProtocolName(null).setLeader("").setMembers(List.of()), ctx.apiVersion());
    }

    /** Before v7 the protocol name is not nullable: Kafka sends "" when there is none. */
    private static JoinGroupResponse forVersion(JoinGroupResponse response, short version) {
        if (version < 7 && response.protocolName() == null) {
            response.setProtocolName("");
        }
        if (response.memberId() == null) {
            response.setMemberId("");
        }
        return response;
    }
}
