package io.samsa.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.message.ApiVersionsRequest;
import io.samsa.protocol.message.RequestHeader;
import java.util.concurrent.TimeUnit;

/**
 * Runs one ApiVersions request through a connection's stages off the network: framing, request
 * decoding, the broker's dispatcher and response encoding, on an {@link EmbeddedChannel} in the
 * calling thread. In a fresh JVM the first request otherwise loads and initialises those classes
 * (Netty's codec base classes and their reflection, the generated header and ApiVersions codecs,
 * the handler path), some 20–40 ms between a client's connect and its answer. The broker calls it
 * while its listeners are still binding on the start-up thread, when this thread would only wait.
 *
 * <p>Nothing reaches a socket, a connection counter or a log; the connection handler itself is
 * only instantiated and added to a channel that sees no traffic (dispatching through it would
 * complete on the dispatcher's threads into the embedded channel, which is not thread-safe).
 */
public final class ConnectionWarmup {
    private static final long DISPATCH_TIMEOUT_MS = 5_000;

    private ConnectionWarmup() {
    }

    /**
     * @throws IllegalStateException if the dispatcher does not answer the ApiVersions request within 5 s
     */
    public static void run(SocketServerConfig config, EnabledApis enabledApis,
                           RequestDispatcher<Request, Response> dispatcher) {
        EmbeddedChannel idle = new EmbeddedChannel(new ConnectionHandler<>(dispatcher, 1), new ConnectionErrorHandler());
        idle.finishAndReleaseAll();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(config.socketRequestMaxBytes()),
            new RequestDecoder(enabledApis), new ResponseEncoder());
        try {
            if (!config.listeners().isEmpty()) {
                channel.attr(SocketServer.LISTENER).set(config.listeners().get(0));
            }
            channel.writeInbound(apiVersionsFrame(channel));
            Request request = channel.readInbound();
            try {
                Response response = dispatcher.dispatch(request).get(DISPATCH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                channel.writeOutbound(response);
            } finally {
                request.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the start-up ApiVersions request failed", e);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** What a client's first request looks like: ApiVersions v3 with its software name (KIP-511). */
    private static ByteBuf apiVersionsFrame(EmbeddedChannel channel) {
        short version = 3;
        short headerVersion = ApiKey.API_VERSIONS.requestHeaderVersion(version);
        RequestHeader header = new RequestHeader().setRequestApiKey(ApiKey.API_VERSIONS.id())
            .setRequestApiVersion(version).setCorrelationId(0).setClientId("samsa-warmup");
        ApiVersionsRequest body = new ApiVersionsRequest().setClientSoftwareName("samsa-warmup")
            .setClientSoftwareVersion("0");
        int size = header.size(headerVersion) + body.size(version);
        ByteBuf frame = channel.alloc().buffer(4 + size);
        frame.writeInt(size);
        header.write(frame, headerVersion);
        body.write(frame, version);
        return frame;
    }
}
