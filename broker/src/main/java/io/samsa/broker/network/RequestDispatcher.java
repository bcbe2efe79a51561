package io.samsa.broker.network;

import java.util.concurrent.CompletableFuture;

/**
 * Hands a decoded request to whatever answers it, and returns the future response. Called on the
 * connection's event loop, in request order; it must not block (work that touches disk or waits
 * goes elsewhere, and the future completes later on any thread).
 * <p>Ownership: the request stays owned by the {@link ConnectionHandler}, which releases it after
 * the response is written; a dispatcher that keeps parts of it beyond that must retain them.
 * The response, if reference-counted, is owned by the handler once the future completes.
 * A future completed with {@code null} means "no response" (a Produce with {@code acks=0}).
 * A future completed exceptionally closes the connection: map expected failures to Kafka error
 * codes in the response instead.
 *
 * @param <Q> the request type
 * @param <S> the response type
 */
@FunctionalInterface
public interface RequestDispatcher<Q, S> {
    CompletableFuture<S> dispatch(Q request);
}
