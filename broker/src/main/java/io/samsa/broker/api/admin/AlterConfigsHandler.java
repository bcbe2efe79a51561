package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataResult;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.AlterConfigsRequest;
import io.samsa.protocol.message.AlterConfigsRequest.AlterConfigsResource;
import io.samsa.protocol.message.AlterConfigsResponse;
import io.samsa.protocol.message.AlterConfigsResponse.AlterConfigsResourceResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * AlterConfigs (key 33), v0–2, the legacy form: the configs given become the topic's whole set of overrides (keys not
 * given return to their defaults), persisted through the metadata store (see {@link ConfigAlterations});
 * validate-only. Broker resources get INVALID_REQUEST: broker configs are static in Samsa.
 */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequest, AlterConfigsResponse> {
    private final ConfigAlterations alterations;

    AlterConfigsHandler(ConfigAlterations alterations) {
        this.alterations = alterations;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ALTER_CONFIGS;
    }

    @Override
    public CompletableFuture<AlterConfigsResponse> handle(RequestContext ctx, AlterConfigsRequest request) {
        List<ConfigAlterations.Alteration> wanted = request.resources().stream()
                .map(r -> new ConfigAlterations.Alteration(r.resourceType(), r.resourceName(), r.configs().stream()
                        .map(c -> new ConfigAlterations.Op(c.name(), ConfigAlterations.SET, c.value())).toList()))
                .toList();
        return alterations.apply(wanted, true, request.validateOnly()).thenApply(results -> {
            AlterConfigsResponse response = new AlterConfigsResponse();
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
    public AlterConfigsResponse errorResponse(RequestContext ctx, AlterConfigsRequest request, ErrorCode error) {
        AlterConfigsResponse response = new AlterConfigsResponse();
        for (AlterConfigsResource resource : request.resources()) {
            response.responses().add(result(resource, MetadataResult.error(error, null)));
        }
        return response;
    }
}
