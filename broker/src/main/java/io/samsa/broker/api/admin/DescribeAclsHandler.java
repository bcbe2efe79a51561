package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeAclsRequest;
import io.samsa.protocol.message.DescribeAclsResponse;

import java.util.concurrent.CompletableFuture;

/** DescribeAcls (key 29): {@code SECURITY_DISABLED}, as Kafka answers without an authorizer. */
public final class DescribeAclsHandler implements ApiHandler<DescribeAclsRequest, DescribeAclsResponse> {
    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_ACLS;
    }

    @Override
    public boolean runsOnEventLoop() {
        return true;
    }

    @Override
    public CompletableFuture<DescribeAclsResponse> handle(RequestContext ctx, DescribeAclsRequest request) {
        return CompletableFuture.completedFuture(errorResponse(ctx, request, NoAuthorizer.ERROR));
    }

    @Override
    public DescribeAclsResponse errorResponse(RequestContext ctx, DescribeAclsRequest request, ErrorCode error) {
        return new DescribeAclsResponse().setErrorCode(error.code())
                .setErrorMessage(error == NoAuthorizer.ERROR ? NoAuthorizer.MESSAGE : error.message());
    }
}
