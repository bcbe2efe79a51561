package io.samsa.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.config.Endpoint;
import io.samsa.broker.config.SecurityProtocol;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.message.ApiVersionsRequest;
import io.samsa.protocol.message.ApiVersionsResponse;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The socket server over real loopback sockets, on each transport this machine has. */
class SocketServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ScheduledExecutorService handlerThreads = Executors.newScheduledThreadPool(2);
    private final List<Socket> sockets = new ArrayList<>();
    private SocketServer server;

    static Stream<Transport> transports() {
        return Transport.best() == Transport.EPOLL ? Stream.of(Transport.EPOLL, Transport.NIO) : Stream.of(Transport.NIO);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.shutdown(Duration.ZERO);
        }
        handlerThreads.shutdownNow();
    }

    /** Answers on another thread after {@code delayMs(correlationId)}, so completions hop event loops. */
    private SocketServer start(Transport transport, long idleMs, int maxInFlight, RequestDispatcher<Request, Response> d) {
        Endpoint listener = new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", 0);
        SocketServerConfig config = new SocketServerConfig(List.of(listener), 2, 1 << 20, idleMs, 102_400, 102_400, 50);
        server = new SocketServer(config, new KafkaProtocol(EnabledApis.codec(), d, maxInFlight), transport);
        server.start();
        return server;
    }

    private RequestDispatcher<Request, Response> answerLater(long delayMs) {
        return request -> {
            CompletableFuture<Response> future = new CompletableFuture<>();
            handlerThreads.schedule(() -> KafkaFrames.answer(request).thenAccept(future::complete), delayMs,
                TimeUnit.MILLISECONDS);
            return future;
        };
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.boundEndpoints().get(0).port());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        sockets.add(socket);
        return socket;
    }

    private static void send(Socket socket, ByteBuf frame) throws IOException {
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static ByteBuf apiVersions(int correlationId) {
        return KafkaFrames.request(ApiKey.API_VERSIONS, (short) 3, correlationId, "socket-test",
            new ApiVersionsRequest().setClientSoftwareName("test").setClientSoftwareVersion("1"));
    }

    private static ApiVersionsResponse readApiVersions(Socket socket, int correlationId) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        ByteBuf frame = Unpooled.buffer(4 + size).writeInt(size).writeBytes(body);
        try {
            return KafkaFrames.response(frame, ApiKey.API_VERSIONS, (short) 3, correlationId, new ApiVersionsResponse());
        } finally {
            frame.release();
        }
    }

    private static void assertClosedByServer(Socket socket) throws IOException {
        try {
            assertEquals(-1, socket.getInputStream().read(), "the server closed the connection");
        } catch (java.net.SocketException reset) {
            // A reset is a close too (the server discarded unread input).
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void badInputClosesOnlyThatConnection(Transport transport) throws IOException {
        start(transport, -1, 1, answerLater(0));
        Socket good = connect();
        Socket oversized = connect();
        Socket unknownKey = connect();
        Socket truncated = connect();

        send(oversized, Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeBytes(new byte[] {1, 2, 3}));
        send(unknownKey, KafkaFrames.raw(9999, 0, 1));
        ByteBuf partial = apiVersions(3);
        send(truncated, partial.readRetainedSlice(partial.readableBytes() - 5));
        partial.release();
        truncated.close();

        assertClosedByServer(oversized);
        assertClosedByServer(unknownKey);
        send(good, apiVersions(11));
        assertEquals(0, readApiVersions(good, 11).errorCode());
        await(() -> server.connections().open() == 1, "only the good connection to stay open");
        send(good, apiVersions(12));
        assertEquals(0, readApiVersions(good, 12).errorCode());
        assertEquals(4, server.connections().accepted());
    }

    @ParameterizedTest
    @MethodSource("transports")
    void pipelinedRequestsAreAnsweredInOrderWhenHandlersFinishOutOfOrder(Transport transport) throws IOException {
        List<Integer> completionOrder = new CopyOnWriteArrayList<>();
        Map<Integer, Runnable> answers = new ConcurrentHashMap<>();
        start(transport, -1, 5, request -> {
            int correlationId = request.context().correlationId();
            CompletableFuture<Response> future = new CompletableFuture<>();
            answers.put(correlationId, () -> {
                completionOrder.add(correlationId);
                KafkaFrames.answer(request).thenAccept(future::complete);
            });
            if (answers.size() == 5) {
                // All five are in flight: finish them last-first, on another thread.
                handlerThreads.execute(() -> {
                    for (int id = 104; id >= 100; id--) {
                        answers.get(id).run();
                    }
                });
            }
            return future;
        });
        Socket socket = connect();
        ByteBuf five = Unpooled.buffer();
        for (int id = 100; id < 105; id++) {
            ByteBuf frame = apiVersions(id);
            five.writeBytes(frame);
            frame.release();
        }
        send(socket, five);
        for (int id = 100; id < 105; id++) {
            assertEquals(0, readApiVersions(socket, id).errorCode());
        }
        assertEquals(List.of(104, 103, 102, 101, 100), completionOrder);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void idleConnectionsAreClosed(Transport transport) throws IOException {
        start(transport, 200, 1, answerLater(0));
        Socket busy = connect();
        send(busy, apiVersions(1));
        readApiVersions(busy, 1);
        long start = System.nanoTime();
        assertClosedByServer(busy);
        long idleMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(idleMs >= 150 && idleMs < TIMEOUT.toMillis(), "closed after about 200 ms idle, took " + idleMs);
        await(() -> server.connections().open() == 0, "the idle connection to be counted as closed");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void shutdownAnswersInFlightRequestsBeforeClosing(Transport transport) throws Exception {
        CompletableFuture<Request> received = new CompletableFuture<>();
        CompletableFuture<Response> held = new CompletableFuture<>();
        start(transport, -1, 1, request -> {
            received.complete(request);
            return held;
        });
        Socket socket = connect();
        send(socket, apiVersions(77));
        Request request = received.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(TIMEOUT));
        await(() -> {
            try (Socket refused = new Socket("127.0.0.1", server.boundEndpoints().get(0).port())) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }, "the listener to stop accepting");
        KafkaFrames.answer(request).thenAccept(held::complete);
        assertEquals(0, readApiVersions(socket, 77).errorCode());
        assertClosedByServer(socket);
        shutdown.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aListenerThatCannotBindFailsStartUpNamingIt(Transport transport) {
        start(transport, -1, 1, answerLater(0));
        int port = server.boundEndpoints().get(0).port();
        Endpoint taken = new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", port);
        SocketServer second = new SocketServer(new SocketServerConfig(List.of(taken), 1, 1024, -1, -1, -1, 50),
            new KafkaProtocol(EnabledApis.codec(), answerLater(0)), transport);
        IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
        assertTrue(e.getMessage().contains("PLAINTEXT://127.0.0.1:" + port), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aBoundServerAnswersClientsThatConnectedBeforeItStartedAccepting(Transport transport) throws IOException {
        Endpoint listener = new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", 0);
        server = new SocketServer(new SocketServerConfig(List.of(listener), 1, 1 << 20, -1, -1, -1, 50), null, transport);
        List<Endpoint> bound = server.bind();
        assertEquals(bound, server.boundEndpoints());
        Socket early = connect(); // completes in the kernel's backlog: the server does not accept yet
        send(early, apiVersions(5));
        assertEquals(0, server.connections().accepted(), "nothing accepted before startAccepting");

        server.startAccepting(new KafkaProtocol(EnabledApis.codec(), answerLater(0)));
        assertEquals(0, readApiVersions(early, 5).errorCode());
        assertEquals(1, server.connections().accepted());
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aServerShutDownBeforeItsBindBindsNothing(Transport transport) {
        Endpoint listener = new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", 0);
        SocketServer closed = new SocketServer(new SocketServerConfig(List.of(listener), 1, 1024, -1, -1, -1, 50),
            null, transport);
        closed.close();
        assertThrows(IllegalStateException.class, closed::bind);
        assertTrue(closed.boundEndpoints().isEmpty());
    }
}
