package io.samsa.broker.network;

import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiMessage;
import java.util.Objects;

/**
 * A response ready to encode: the API, the version to encode the body at, the correlation id to
 * echo, and the generated body. The {@link ResponseEncoder} picks the header version from the API
 * and version (ApiVersions always uses header v0).
 */
public record Response(ApiKey apiKey, short apiVersion, int correlationId, ApiMessage body) {

    public Response {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(body, "body");
        if (body.apiKey() != apiKey.id()) {
            throw new IllegalArgumentException("a " + apiKey.displayName() + " response cannot carry a body of API "
                + body.apiKey());
        }
    }

    /**
     * The response to {@code request} at the request's version; for an ApiVersions request of an
     * unsupported version, at v0 (KIP-511).
     */
    public static Response of(Request request, ApiMessage body) {
        short version = request.isUnsupportedApiVersions() ? 0 : request.apiVersion();
        return new Response(request.apiKey(), version, request.context().correlationId(), body);
    }

    @Override
    public String toString() {
        return apiKey.displayName() + " v" + apiVersion + " #" + correlationId;
    }
}
