package io.samsa.broker.api;

import io.netty.buffer.Unpooled;
import io.samsa.broker.Broker;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.broker.testing.TestBrokers;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ApiVersionsRequest;
import io.samsa.protocol.message.ApiVersionsResponse;
import io.samsa.protocol.message.ResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ApiVersions through a real socket: every version, KIP-511 fallback, and what is advertised. */
class ApiVersionsHandlerTest {
    @TempDir
    static Path dir;
    static Broker broker;

    @BeforeAll
    static void start() {
        broker = TestBrokers.start(dir);
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    @Test
    void everyVersionIsAnsweredWithTheRegistrysApis() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker))) {
            for (short v = ApiKey.API_VERSIONS.lowestVersion(); v <= ApiKey.API_VERSIONS.highestStableVersion(); v++) {
                ApiVersionsRequest request = new ApiVersionsRequest();
                if (v >= 3) {
                    request.setClientSoftwareName("samsa-test").setClientSoftwareVersion("1.0");
                }
                ApiVersionsResponse response = client.call(request, new ApiVersionsResponse(), v);
                assertEquals(ErrorCode.NONE.code(), response.errorCode(), "v" + v);
                ApiVersionsResponse.ApiVersion self = find(response, ApiKey.API_VERSIONS);
                assertNotNull(self, "ApiVersions advertises itself at v" + v);
                assertEquals(0, self.minVersion());
                for (ApiVersionsResponse.ApiVersion api : response.apiKeys()) {
                    assertNotNull(ApiKey.forId(api.apiKey()), "advertises only known APIs");
                }
            }
        }
    }

    @Test
    void anUnknownVersionGetsAV0BodyWithUnsupportedVersionAndTheSupportedList() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker))) {
            // Header v2 (flexible), API version 99: the body is not parsed (KIP-511).
            var frame = Unpooled.buffer();
            frame.writeInt(0);
            frame.writeShort(ApiKey.API_VERSIONS.id());
            frame.writeShort(99);
            frame.writeInt(4242);
            frame.writeShort(-1); // null client id
            frame.writeByte(0);   // no tagged fields
            frame.writeBytes(new byte[] {7, 7, 7}); // a body of some future version
            frame.setInt(0, frame.readableBytes() - 4);
            client.writeRaw(frame);
            var response = Unpooled.wrappedBuffer(client.readFrame());
            ResponseHeader header = new ResponseHeader();
            header.read(response, (short) 0);
            assertEquals(4242, header.correlationId());
            ApiVersionsResponse body = new ApiVersionsResponse();
            body.read(response, (short) 0);
            assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), body.errorCode());
            ApiVersionsResponse.ApiVersion self = find(body, ApiKey.API_VERSIONS);
            assertNotNull(self);
            assertEquals(ApiKey.API_VERSIONS.highestStableVersion(), self.maxVersion());
            // The connection stays usable: the client retries at a version both sides know.
            ApiVersionsResponse retry = client.call(new ApiVersionsRequest(), new ApiVersionsResponse(), (short) 0);
            assertEquals(ErrorCode.NONE.code(), retry.errorCode());
        }
    }

    @Test
    void invalidClientSoftwareNameIsAnInvalidRequest() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker))) {
            ApiVersionsRequest request = new ApiVersionsRequest().setClientSoftwareName("bad name!")
                    .setClientSoftwareVersion("1.0");
            ApiVersionsResponse response = client.call(request, new ApiVersionsResponse(), (short) 3);
            assertEquals(ErrorCode.INVALID_REQUEST.code(), response.errorCode());
        }
    }

    @Test
    void produceIsAdvertisedFromVersionZeroForLibrdkafkaThoughTheCodecStartsAtThree() throws Exception {
        java.util.concurrent.atomic.AtomicReference<ApiRegistry> self = new java.util.concurrent.atomic.AtomicReference<>();
        ApiRegistry registry = ApiRegistry.builder(Runnable::run)
                .add(new ApiVersionsHandler(self::get))
                .add(new StubHandler(ApiKey.PRODUCE))
                .build();
        self.set(registry);
        ApiVersionsResponse response = new ApiVersionsHandler(self::get)
                .handle(context((short) 0), new ApiVersionsRequest()).get();
        ApiVersionsResponse.ApiVersion produce = find(response, ApiKey.PRODUCE);
        assertEquals(0, produce.minVersion());
        assertEquals(ApiKey.PRODUCE.highestStableVersion(), produce.maxVersion());
        assertFalse(registry.isEnabled(ApiKey.PRODUCE, (short) 2), "v0-2 are advertised but refused");
        assertTrue(registry.isEnabled(ApiKey.PRODUCE, (short) 3));
        assertFalse(registry.isEnabled(ApiKey.FETCH, (short) 4), "an API without a handler is not enabled");
    }

    private static io.samsa.broker.network.RequestContext context(short version) {
        io.samsa.protocol.message.RequestHeader header = new io.samsa.protocol.message.RequestHeader()
                .setRequestApiKey(ApiKey.API_VERSIONS.id()).setRequestApiVersion(version).setClientId("test");
        return new io.samsa.broker.network.RequestContext(header, ApiKey.API_VERSIONS, version,
                new java.net.InetSocketAddress("127.0.0.1", 1), null);
    }

    /** A handler that only declares its API, for registry tests. */
    private record StubHandler(ApiKey apiKey) implements ApiHandler<io.samsa.protocol.ApiMessage, io.samsa.protocol.ApiMessage> {
        @Override
        public java.util.concurrent.CompletableFuture<io.samsa.protocol.ApiMessage> handle(
                io.samsa.broker.network.RequestContext ctx, io.samsa.protocol.ApiMessage request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.samsa.protocol.ApiMessage errorResponse(io.samsa.broker.network.RequestContext ctx,
                io.samsa.protocol.ApiMessage request, ErrorCode error) {
            throw new UnsupportedOperationException();
        }
    }

    private static ApiVersionsResponse.ApiVersion find(ApiVersionsResponse response, ApiKey key) {
        return response.apiKeys().stream().filter(a -> a.apiKey() == key.id()).findFirst().orElse(null);
    }
}
