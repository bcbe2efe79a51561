package io.samsa.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.samsa.broker.config.Endpoint;
import io.samsa.broker.config.SecurityProtocol;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.message.ApiVersionsRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The start-up request runs through the real stages and the dispatcher, once, and leaks nothing. */
class ConnectionWarmupTest {
    private static final Endpoint LISTENER = new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", 0);
    private static final SocketServerConfig CONFIG = new SocketServerConfig(List.of(LISTENER), 1, 1 << 20, -1, -1, -1, 50);

    @Test
    void dispatchesOneApiVersionsRequestAsAClientWouldSendIt() {
        List<Request> seen = new CopyOnWriteArrayList<>();
        ConnectionWarmup.run(CONFIG, EnabledApis.codec(), request -> {
            seen.add(request);
            // Answered on another thread, as the broker's registry answers on its I/O threads.
            return CompletableFuture.supplyAsync(() -> KafkaFrames.answer(request).join());
        });
        assertEquals(1, seen.size());
        Request request = seen.get(0);
        assertEquals(ApiKey.API_VERSIONS, request.apiKey());
        assertEquals(3, request.apiVersion());
        assertEquals(LISTENER, request.context().listener());
        assertEquals("samsa-warmup", request.body(ApiVersionsRequest.class).clientSoftwareName());
        assertEquals(0, request.refCnt(), "the request's frame is released");
    }

    @Test
    void aFailingDispatcherFailsTheWarmupWithoutLeaking() {
        assertThrows(IllegalStateException.class, () -> ConnectionWarmup.run(CONFIG, EnabledApis.codec(),
            request -> CompletableFuture.failedFuture(new IllegalStateException("no handler"))));
    }
}
