package io.samsa.broker.api;

import io.samsa.broker.network.EnabledApis;
import io.samsa.broker.network.Request;
import io.samsa.broker.network.RequestContext;
import io.samsa.broker.network.RequestDispatcher;
import io.samsa.broker.network.Response;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiMessage;
import io.samsa.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The broker's one dispatcher: maps each API key to its {@link ApiHandler}, decides which versions
 * are enabled (exactly those the handlers declare, so ApiVersions can never advertise an API the
 * broker does not serve), runs handlers off the event loop, and is the one place where an
 * unexpected failure becomes {@code UNKNOWN_SERVER_ERROR}, logged once.
 *
 * <p>Immutable once built; safe from any thread.
 */
public final class ApiRegistry implements EnabledApis, RequestDispatcher<Request, Response> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRegistry.class);

    private final ApiHandler<?, ?>[] byId;
    private final Executor ioExecutor;

    private ApiRegistry(ApiHandler<?, ?>[] byId, Executor ioExecutor) {
        this.byId = byId;
        this.ioExecutor = ioExecutor;
    }

    public static Builder builder(Executor ioExecutor) {
        return new Builder(ioExecutor);
    }

    /** The handler serving {@code apiKey}, or null. */
    public ApiHandler<?, ?> handler(ApiKey apiKey) {
        return apiKey.id() < byId.length ? byId[apiKey.id()] : null;
    }

    /** Every registered handler, in API key order. */
    public List<ApiHandler<?, ?>> handlers() {
        List<ApiHandler<?, ?>> handlers = new ArrayList<>();
        for (ApiHandler<?, ?> handler : byId) {
            if (handler != null) {
                handlers.add(handler);
            }
        }
        return Collections.unmodifiableList(handlers);
    }

    @Override
    public boolean isEnabled(ApiKey apiKey, short version) {
        ApiHandler<?, ?> handler = handler(apiKey);
        return handler != null && version >= handler.lowestVersion() && version <= handler.highestVersion();
    }

    @Override
    public CompletableFuture<Response> dispatch(Request request) {
        ApiHandler<ApiMessage, ApiMessage> handler = handlerFor(request.apiKey());
        if (handler.runsOnEventLoop()) {
            return respond(handler, request);
        }
        return CompletableFuture.supplyAsync(() -> respond(handler, request), ioExecutor).thenCompose(f -> f);
    }

    private CompletableFuture<Response> respond(ApiHandler<ApiMessage, ApiMessage> handler, Request request) {
        RequestContext ctx = request.context();
        CompletableFuture<ApiMessage> answer;
        try {
            answer = handler.handle(ctx, request.body());
        } catch (Throwable t) {
            answer = CompletableFuture.failedFuture(t);
        }
        return answer.handle((body, failure) -> {
            if (failure == null) {
                return body == null ? null : Response.of(request, body);
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof CloseConnectionException close) {
                LOG.debug("Closing the connection of {}: {}", ctx, close.getMessage());
                throw close;
            }
            LOG.error("Unexpected failure handling {}; answering {}", ctx, ErrorCode.UNKNOWN_SERVER_ERROR, failure);
            return Response.of(request, handler.errorResponse(ctx, request.body(), ErrorCode.UNKNOWN_SERVER_ERROR));
        });
    }

    @SuppressWarnings("unchecked")
    private ApiHandler<ApiMessage, ApiMessage> handlerFor(ApiKey apiKey) {
        ApiHandler<?, ?> handler = handler(apiKey);
        if (handler == null) {
            // The RequestDecoder only passes on enabled APIs; reaching here is a bug.
            throw new IllegalStateException("no handler for " + apiKey.displayName());
        }
        return (ApiHandler<ApiMessage, ApiMessage>) handler;
    }

    /** Collects handlers; one per API key. */
    public static final class Builder {
        private final Executor ioExecutor;
        private final ApiHandler<?, ?>[] byId = new ApiHandler<?, ?>[maxApiId() + 1];

        private Builder(Executor ioExecutor) {
            this.ioExecutor = ioExecutor;
        }

        public Builder add(ApiHandler<?, ?> handler) {
            short id = handler.apiKey().id();
            if (byId[id] != null) {
                throw new IllegalArgumentException("two handlers for " + handler.apiKey().displayName());
            }
            if (handler.lowestVersion() < handler.apiKey().lowestVersion()
                    || handler.highestVersion() > handler.apiKey().highestVersion()) {
                throw new IllegalArgumentException(handler.apiKey().displayName() + " handler declares versions "
                        + "the codec cannot read");
            }
            byId[id] = handler;
            return this;
        }

        public ApiRegistry build() {
            return new ApiRegistry(byId.clone(), ioExecutor);
        }

        private static int maxApiId() {
            int max = 0;
            for (ApiKey key : ApiKey.values()) {
                max = Math.max(max, key.id());
            }
            return max;
        }
    }
}
