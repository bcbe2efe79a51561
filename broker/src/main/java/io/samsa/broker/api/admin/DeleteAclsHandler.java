package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DeleteAclsRequest;
import io.samsa.protocol.message.DeleteAclsResponse;

import java.util.concurrent.CompletableFuture;

/** DeleteAcls (key 31): every filter gets {@code SECURITY_DISABLED}, as Kafka answers without an authorizer. */
public final class DeleteAclsHandler implements ApiHandler<DeleteAclsRequest, DeleteAclsResponse> {
    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_ACLS;
    }

    @Override
    public boolean runsOnEventLoop() {
        return true;
    }

    @Override
    public CompletableFuture<DeleteAclsResponse> handle(RequestContext ctx, DeleteAclsRequest request) {
        return CompletableFuture.completedFuture(errorResponse(ctx, request, NoAuthorizer.ERROR));
    }

    @Override
    public DeleteAclsResponse errorResponse(RequestContext ctx, DeleteAclsRequest request, ErrorCode error) {
        DeleteAclsResponse response = new DeleteAclsResponse();
        String message = error == NoAuthorizer.ERROR ? NoAuthorizer.MESSAGE : error.message();
        for (int i = 0; i < request.filters().size(); i++) {
            response.filterResults().add(new DeleteAclsResponse.DeleteAclsFilterResult().setErrorCode(error.code())
                    .setErrorMessage(message));
        }
        return response;
    }
}
