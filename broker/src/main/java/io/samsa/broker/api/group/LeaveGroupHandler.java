package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.LeaveGroupRequest;
import io.samsa.protocol.message.LeaveGroupRequest.MemberIdentity;
import io.samsa.protocol.message.LeaveGroupResponse;
import io.samsa.protocol.message.LeaveGroupResponse.MemberResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * LeaveGroup (key 13), v0–5. From v3 a request names several members, by member id and/or
 * {@code group.instance.id} (KIP-345), each answered on its own; before v3 it names one member, whose error is
 * the response's.
 */
public final class LeaveGroupHandler implements ApiHandler<LeaveGroupRequest, LeaveGroupResponse> {
    private final GroupCoordinator groups;

    public LeaveGroupHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LEAVE_GROUP;
    }

    @Override
    public CompletableFuture<LeaveGroupResponse> handle(RequestContext ctx, LeaveGroupRequest request) {
        boolean batch = ctx.apiVersion() >= 3;
        List<MemberIdentity> members = batch ? request.members()
                : List.of(new MemberIdentity().setMemberId(request.memberId()));
        return groups.leaveGroup(request.groupId(), members).thenApply(r -> batch ? r : single(r));
    }

    @Override
    public LeaveGroupResponse errorResponse(RequestContext ctx, LeaveGroupRequest request, ErrorCode error) {
        return new LeaveGroupResponse().setErrorCode(error.code());
    }

    /** v0–v2: one member, reported as the top-level error (Kafka's {@code LeaveGroupResponse.getError}). */
    private static LeaveGroupResponse single(LeaveGroupResponse response) {
        short error = response.errorCode();
        if (error == ErrorCode.NONE.code()) {
            error = response.members().stream().map(MemberResponse::errorCode)
                    .filter(code -> code != ErrorCode.NONE.code()).findFirst().orElse(ErrorCode.NONE.code());
        }
        return new LeaveGroupResponse().setErrorCode(error);
    }
}
