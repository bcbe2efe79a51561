package io.samsa.broker.api;

import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ApiVersionsRequest;
import io.samsa.protocol.message.ApiVersionsResponse;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * ApiVersions (key 18): the versions this broker serves, derived from the {@link ApiRegistry}.
 * A request of a version the broker does not know reaches this handler with a default body (the
 * network layer did not parse it) and is answered, at v0, with {@code UNSUPPORTED_VERSION} and the
 * supported list, so the client can retry at a version both sides know (KIP-511).
 */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequest, ApiVersionsResponse> {
    /** KIP-511: client software names and versions are limited to this alphabet. */
    private static final Pattern SOFTWARE_FIELD = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");

    private final Supplier<ApiRegistry> registry;

    /** @param registry the registry this handler is part of (supplied late: the registry holds it) */
    public ApiVersionsHandler(Supplier<ApiRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public boolean runsOnEventLoop() {
        return true;
    }

    @Override
    public CompletableFuture<ApiVersionsResponse> handle(RequestContext ctx, ApiVersionsRequest request) {
        if (!isEnabledVersion(ctx.apiVersion())) {
            return CompletableFuture.completedFuture(response(ErrorCode.UNSUPPORTED_VERSION));
        }
        if (ctx.apiVersion() >= 3 && !(valid(request.clientSoftwareName()) && valid(request.clientSoftwareVersion()))) {
            return CompletableFuture.completedFuture(response(ErrorCode.INVALID_REQUEST));
        }
        return CompletableFuture.completedFuture(response(ErrorCode.NONE));
    }

    @Override
    public ApiVersionsResponse errorResponse(RequestContext ctx, ApiVersionsRequest request, ErrorCode error) {
        return response(error);
    }

    private boolean isEnabledVersion(short version) {
        return version >= lowestVersion() && version <= highestVersion();
    }

    private static boolean valid(String softwareField) {
        return softwareField != null && SOFTWARE_FIELD.matcher(softwareField).matches();
    }

    private ApiVersionsResponse response(ErrorCode error) {
        ApiVersionsResponse response = new ApiVersionsResponse().setErrorCode(error.code());
        for (ApiHandler<?, ?> handler : registry.get().handlers()) {
            response.apiKeys().add(new ApiVersionsResponse.ApiVersion()
                    .setApiKey(handler.apiKey().id())
                    .setMinVersion(advertisedMin(handler))
                    .setMaxVersion(handler.highestVersion()));
        }
        return response;
    }

    /**
     * Produce is advertised from v0 although v0–2 are refused: librdkafka disables compression
     * when a broker's Produce range starts above 0 (KAFKA-18659), so Kafka 4 does the same.
     */
    private static short advertisedMin(ApiHandler<?, ?> handler) {
        return handler.apiKey() == ApiKey.PRODUCE ? 0 : handler.lowestVersion();
    }
}
