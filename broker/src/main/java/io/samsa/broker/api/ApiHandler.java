package io.samsa.broker.api;

import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiMessage;
import io.samsa.protocol.ErrorCode;

import java.util.concurrent.CompletableFuture;

/**
 * Answers one Kafka API. There is one implementation per API key, registered in the
 * {@link ApiRegistry}, which is the only dispatcher: the versions a handler declares are the ones
 * the broker accepts and advertises, and a handler only ever sees those.
 *
 * <p>Threading: {@link #handle} runs on the broker's I/O executor, never on a Netty event loop,
 * unless {@link #runsOnEventLoop()} says the handler neither blocks nor touches disk. Anything that
 * waits (a long-poll fetch, {@code acks=all}) returns an incomplete future that a commit or a timer
 * completes; no thread parks.
 *
 * @param <Q> the request body
 * @param <R> the response body
 */
public interface ApiHandler<Q extends ApiMessage, R extends ApiMessage> {

    ApiKey apiKey();

    default short lowestVersion() {
        return apiKey().lowestVersion();
    }

    /** The newest version served; by default the newest stable version of the codec's spec. */
    default short highestVersion() {
        return apiKey().highestStableVersion();
    }

    /**
     * Handles one request of a declared version ({@code ctx.apiVersion()}). Protocol errors are values
     * in the response; the future completes with {@code null} only where Kafka sends no response
     * (Produce with {@code acks=0}).
     */
    CompletableFuture<R> handle(RequestContext ctx, Q request);

    /**
     * The response to {@code request} when it failed as a whole with {@code error}: every topic,
     * partition or resource it named carries the error, as Kafka's {@code getErrorResponse} does.
     */
    R errorResponse(RequestContext ctx, Q request, ErrorCode error);

    /** True for handlers cheap enough to run on the connection's event loop (no disk, no locks). */
    default boolean runsOnEventLoop() {
        return false;
    }
}
