package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.CreateAclsRequest;
import io.samsa.protocol.message.CreateAclsResponse;

import java.util.concurrent.CompletableFuture;

/** CreateAcls (key 30): every creation gets {@code SECURITY_DISABLED}, as Kafka answers without an authorizer. */
public final class CreateAclsHandler implements ApiHandler<CreateAclsRequest, CreateAclsResponse> {
    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_ACLS;
    }

    @Override
    public boolean runsOnEventLoop() {
        return true;
    }

    @Override
    public CompletableFuture<CreateAclsResponse> handle(RequestContext ctx, CreateAclsRequest request) {
        return CompletableFuture.completedFuture(errorResponse(ctx, request, NoAuthorizer.ERROR));
    }

    @Override
    public CreateAclsResponse errorResponse(RequestContext ctx, CreateAclsRequest request, ErrorCode error) {
        CreateAclsResponse response = new CreateAclsResponse();
        String message = error == NoAuthorizer.ERROR ? NoAuthorizer.MESSAGE : error.message();
        for (int i = 0; i < request.creations().size(); i++) {
            response.results().add(new CreateAclsResponse.AclCreationResult().setErrorCode(error.code())
                    .setErrorMessage(message));
        }
        return response;
    }
}
