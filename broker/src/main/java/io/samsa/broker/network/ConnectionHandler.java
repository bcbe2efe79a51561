package io.samsa.broker.network;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the requests of one connection and writes their responses <b>in request order</b>, as
 * Kafka clients require, whatever order the dispatcher's futures complete in.
 * <p>Requests are dispatched in arrival order, at most {@code maxInFlight} at a time; with 1 (the
 * broker's setting) a connection behaves like Kafka's, which mutes a channel while a request is
 * being processed. Pipelined requests (a producer with 5 in flight) wait in {@code waiting}, and
 * socket reads pause while anything waits or while the channel is not writable, so a client that
 * sends without reading cannot make the broker buffer without bound.
 * <p>Ownership: every request read is owned here until its response has been written (then it is
 * released), or until the connection closes. A completed reference-counted response passes to the
 * channel when written, and is released here if the connection closed first.
 * <p>Idle close: an {@link IdleStateEvent} is swallowed while a request is in flight (a long-poll
 * fetch is not idleness) and passed on otherwise, for the {@link ConnectionErrorHandler} to close.
 * <p>One instance per channel; all state is confined to the channel's event loop (completions
 * from other threads hop onto it).
 *
 * @param <Q> request type, as produced by the request decoder
 * @param <S> response type, as consumed by the response encoder
 */
public final class ConnectionHandler<Q, S> extends ChannelInboundHandlerAdapter {
    private final RequestDispatcher<Q, S> dispatcher;
    private final int maxInFlight;
    private final ArrayDeque<Q> waiting = new ArrayDeque<>();
    private final ArrayDeque<InFlight<Q, S>> inFlight = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean closed;
    private boolean draining;
    private boolean readsPaused;
    private boolean running;
    private boolean rerun;

    public ConnectionHandler(RequestDispatcher<Q, S> dispatcher, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.dispatcher = dispatcher;
        this.maxInFlight = maxInFlight;
    }

    /** A dispatched request and, once its future completes, the outcome. */
    private static final class InFlight<Q, S> {
        final Q request;
        boolean done;
        S response;
        Throwable failure;

        InFlight(Q request) {
            this.request = request;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed || draining) {
            ReferenceCountUtil.release(msg);
            return;
        }
        waiting.add((Q) msg);
        run();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReads();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (inFlight.isEmpty() && waiting.isEmpty()) {
                ctx.fireUserEventTriggered(evt);
            }
        } else if (evt == ConnectionEvent.DRAIN) {
            draining = true;
            updateReads();
            closeIfDrained();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        for (InFlight<Q, S> f : inFlight) {
            if (f.done) {
                releaseAll(f);
            }
            // Not done: its completion sees closed and releases it.
        }
        inFlight.clear();
        ctx.fireChannelInactive();
    }

    /** Requests read but not yet answered (waiting + in flight), for tests and metrics. */
    public int pendingRequests() {
        return waiting.size() + inFlight.size();
    }

    private void run() {
        if (running) {
            rerun = true;
            return;
        }
        running = true;
        try {
            do {
                rerun = false;
                writeCompleted();
                dispatchWaiting();
            } while (rerun && !closed);
        } finally {
            running = false;
        }
        updateReads();
        closeIfDrained();
    }

    private void dispatchWaiting() {
        while (!closed && !waiting.isEmpty() && inFlight.size() < maxInFlight) {
            InFlight<Q, S> f = new InFlight<>(waiting.poll());
            inFlight.add(f);
            CompletableFuture<S> future;
            try {
                future = dispatcher.dispatch(f.request);
                if (future == null) {
                    future = CompletableFuture.failedFuture(new NullPointerException("dispatcher returned no future"));
                }
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenComplete((response, failure) -> onComplete(f, response, failure));
        }
    }

    private void onComplete(InFlight<Q, S> f, S response, Throwable failure) {
        if (ctx.executor().inEventLoop()) {
            complete(f, response, failure);
            return;
        }
        try {
            ctx.executor().execute(() -> complete(f, response, failure));
        } catch (RejectedExecutionException e) {
            // The event loop has shut down with the server: nobody will write this response.
            ReferenceCountUtil.release(response);
            ReferenceCountUtil.release(f.request);
        }
    }

    private void complete(InFlight<Q, S> f, S response, Throwable failure) {
        f.done = true;
        f.response = response;
        f.failure = failure;
        if (closed) {
            inFlight.remove(f);
            releaseAll(f);
        } else {
            run();
        }
    }

    /** Writes the responses at the head of the queue that are ready, in order, then flushes once. */
    private void writeCompleted() {
        boolean wrote = false;
        while (!closed && !inFlight.isEmpty() && inFlight.peek().done) {
            InFlight<Q, S> f = inFlight.poll();
            if (f.failure != null) {
                ReferenceCountUtil.release(f.request);
                // The one place a handler's failure meets the connection: log once and close.
                closed = true;
                ctx.fireExceptionCaught(new RequestFailedException(f.failure));
                ctx.close();
                break;
            }
            if (f.response == null) {
                ReferenceCountUtil.release(f.request);
            } else {
                ctx.write(f.response).addListener(written -> onWritten(f.request, written));
                wrote = true;
            }
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void onWritten(Q request, Future<?> written) {
        ReferenceCountUtil.release(request);
        if (!written.isSuccess() && ctx.channel().isActive()) {
            // Not a closed socket: the response could not be encoded. The client would wait forever
            // for it, so the connection goes, with the cause logged once.
            closed = true;
            ctx.fireExceptionCaught(written.cause());
            ctx.close();
        }
    }

    private void updateReads() {
        if (closed) {
            return;
        }
        boolean pause = draining || !waiting.isEmpty() || !ctx.channel().isWritable();
        if (pause != readsPaused) {
            readsPaused = pause;
            ctx.channel().config().setAutoRead(!pause);
        }
    }

    private void closeIfDrained() {
        if (draining && !closed && waiting.isEmpty() && inFlight.isEmpty()) {
            // Close after the last response has left, not before it is sent.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void releaseAll(InFlight<?, ?> f) {
        ReferenceCountUtil.release(f.response);
        ReferenceCountUtil.release(f.request);
    }
}
