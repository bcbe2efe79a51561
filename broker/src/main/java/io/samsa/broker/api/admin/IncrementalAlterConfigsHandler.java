package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataResult;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.IncrementalAlterConfigsRequest;
import io.samsa.protocol.message.IncrementalAlterConfigsRequest.AlterConfigsResource;
import io.samsa.protocol.message.IncrementalAlterConfigsResponse;
import io.samsa.protocol.message.IncrementalAlterConfigsResponse.AlterConfigsResourceResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * IncrementalAlterConfigs (key 44), v0–1: SET, DELETE, APPEND and SUBTRACT on topic configs, persisted through the
 * metadata store (see {@link ConfigAlterations}); validate-only. Broker resources get INVALID_REQUEST: broker configs
 * are static in Samsa.
 */
public final class IncrementalAlterConfigsHandler
        implements ApiHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse> {
    private final ConfigAlterations alterations;

    IncrementalAlterConfigsHandler(ConfigAlterations alterations) {
        this.alterations = alterations;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public CompletableFuture<IncrementalAlterConfigsResponse> handle(RequestContext ctx,
                                                                     IncrementalAlterConfigsRequest request) {
        List<ConfigAlterations.Alteration> wanted = request.resources().stream()
                .map(r -> new ConfigAlterations.Alteration(r.resourceType(), r.resourceName(), r.configs().stream()
                        .map(c -> new ConfigAlterations.Op(c.name(), c.configOperation(), c.value())).toList()))
                .toList();
        return alterations.apply(wanted, false, request.validateOnly()).thenApply(results -> {
            IncrementalAlterConfigsResponse response = new IncrementalAlterConfigsResponse();
            for (int i = 0; i < results.size(); i++) {
                response.responses().add(result(request.resources().get(i), results.get(i)));
            }
            return response;
        });
    }

    private static AlterConfigsResourceResponse result(AlterConfigsResource resource, MetadataResult result) {
        return new AlterConfigsResourceResponse().setErrorCode(result.error().code())
                .setErrorMessage(result.message()).setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
    }

    @Override
    public IncrementalAlterConfigsResponse errorResponse(RequestContext ctx, IncrementalAlterConfigsRequest request,
                                                         ErrorCode error) {
        IncrementalAlterConfigsResponse response = new IncrementalAlterConfigsResponse();
        for (AlterConfigsResource resource : request.resources()) {
            response.responses().add(result(resource, MetadataResult.error(error, null)));
        }
        return response;
    }
}
