package io.samsa.broker.network;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests and responses are ByteBufs holding a name, so the test can check both ordering and
 * that every request is released exactly when the handler is done with it.
 */
class ConnectionHandlerTest {
    /** The futures the dispatcher handed out, by request name, in dispatch order. */
    private final Map<String, CompletableFuture<ByteBuf>> dispatched = new LinkedHashMap<>();
    private final List<ByteBuf> requests = new ArrayList<>();
    private EmbeddedChannel channel;

    private void open(int maxInFlight) {
        RequestDispatcher<ByteBuf, ByteBuf> dispatcher = request -> {
            CompletableFuture<ByteBuf> future = new CompletableFuture<>();
            dispatched.put(request.toString(US_ASCII), future);
            return future;
        };
        channel = new EmbeddedChannel(new ConnectionHandler<>(dispatcher, maxInFlight), new ConnectionErrorHandler());
    }

    @AfterEach
    void closeAndCheckReleases() {
        channel.finishAndReleaseAll();
        for (ByteBuf request : requests) {
            assertEquals(0, request.refCnt(), "request " + request + " released");
        }
    }

    private void send(String... names) {
        for (String name : names) {
            ByteBuf request = Unpooled.copiedBuffer(name, US_ASCII);
            requests.add(request);
            channel.writeInbound(request);
        }
    }

    private void complete(String name) {
        dispatched.get(name).complete(Unpooled.copiedBuffer("re:" + name, US_ASCII));
    }

    private List<String> written() {
        List<String> out = new ArrayList<>();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            if (buf.isReadable()) { // the empty buffer a drain flushes before closing is not a response
                out.add(buf.toString(US_ASCII));
            }
            buf.release();
        }
        return out;
    }

    @Test
    void writesResponsesInRequestOrderWhenFuturesCompleteOutOfOrder() {
        open(5);
        send("a", "b", "c", "d", "e");
        assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(dispatched.keySet()));
        complete("e");
        complete("c");
        complete("b");
        assertEquals(List.of(), written(), "nothing may overtake a");
        complete("a");
        assertEquals(List.of("re:a", "re:b", "re:c"), written());
        complete("d");
        assertEquals(List.of("re:d", "re:e"), written());
        assertEquals(0, requests.get(4).refCnt(), "released once its response is written");
    }

    @Test
    void withOneInFlightPipelinedRequestsWaitAndReadsPause() {
        open(1);
        send("p1", "p2", "p3", "p4", "p5");
        assertEquals(List.of("p1"), List.copyOf(dispatched.keySet()));
        assertFalse(channel.config().isAutoRead(), "reads pause while requests wait");
        for (int i = 1; i <= 5; i++) {
            complete("p" + i);
            assertEquals(List.of("re:p" + i), written());
        }
        assertEquals(5, dispatched.size());
        assertTrue(channel.config().isAutoRead(), "reads resume once nothing waits");
    }

    @Test
    void aNullResponseWritesNothingAndTheNextRequestProceeds() {
        open(1);
        send("acks0", "next");
        dispatched.get("acks0").complete(null);
        assertEquals(List.of(), written());
        assertEquals(0, requests.get(0).refCnt());
        complete("next");
        assertEquals(List.of("re:next"), written());
    }

    @Test
    void aFailedFutureClosesTheConnection() {
        open(5);
        send("boom", "later");
        complete("later");
        dispatched.get("boom").completeExceptionally(new IllegalStateException("handler bug"));
        assertFalse(channel.isOpen());
        assertEquals(List.of(), written(), "no response overtakes or follows the failure");
    }

    @Test
    void aDispatcherThatThrowsClosesTheConnection() {
        channel = new EmbeddedChannel(new ConnectionHandler<ByteBuf, ByteBuf>(request -> {
            throw new IllegalStateException("dispatch bug");
        }, 1), new ConnectionErrorHandler());
        send("x");
        assertFalse(channel.isOpen());
    }

    @Test
    void responsesCompletedAfterCloseAreReleased() {
        open(5);
        send("slow");
        channel.close();
        ByteBuf late = Unpooled.copiedBuffer("late", US_ASCII);
        dispatched.get("slow").complete(late);
        assertEquals(0, late.refCnt());
        assertEquals(0, requests.get(0).refCnt());
    }

    @Test
    void requestsReadAfterCloseAreReleasedUnanswered() {
        open(1);
        send("first", "waiting");
        channel.close();
        assertEquals(0, requests.get(1).refCnt(), "the waiting request is released at close");
        complete("first");
        assertEquals(List.of("first"), List.copyOf(dispatched.keySet()));
    }

    @Test
    void idlenessIsIgnoredWhileARequestIsInFlight() {
        open(1);
        send("long-poll");
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertTrue(channel.isOpen());
        complete("long-poll");
        assertEquals(List.of("re:long-poll"), written());
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertFalse(channel.isOpen());
    }

    @Test
    void drainAnswersWhatWasReadThenCloses() {
        open(1);
        send("d1", "d2");
        channel.pipeline().fireUserEventTriggered(ConnectionEvent.DRAIN);
        assertTrue(channel.isOpen());
        assertFalse(channel.config().isAutoRead());
        complete("d1");
        complete("d2");
        assertEquals(List.of("re:d1", "re:d2"), written());
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void drainClosesAnIdleConnectionAtOnce() {
        open(1);
        channel.pipeline().fireUserEventTriggered(ConnectionEvent.DRAIN);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
        assertEquals(List.of(), written());
    }
}
