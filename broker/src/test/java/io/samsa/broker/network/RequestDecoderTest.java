package io.samsa.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.samsa.broker.config.Endpoint;
import io.samsa.broker.config.SecurityProtocol;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ApiVersionsRequest;
import io.samsa.protocol.message.ApiVersionsResponse;
import io.samsa.protocol.message.MetadataRequest;
import io.samsa.protocol.message.MetadataResponse;
import io.samsa.protocol.message.ProduceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kafka pipeline (framing, request decoding, ordering, response encoding) on an EmbeddedChannel. */
class RequestDecoderTest {
    private static final Endpoint LISTENER = new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", 9092);

    private final List<Request> seen = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    RequestDecoderTest() {
        channel.attr(SocketServer.LISTENER).set(LISTENER);
        channel.pipeline().addLast(new FrameDecoder(1 << 20));
        new KafkaProtocol(EnabledApis.codec(), this::dispatch).initChannel(channel.pipeline(), LISTENER);
        channel.pipeline().addLast(new ConnectionErrorHandler());
    }

    private CompletableFuture<Response> dispatch(Request request) {
        seen.add(request);
        return KafkaFrames.answer(request);
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
        for (Request request : seen) {
            assertEquals(0, request.refCnt(), "request released after its response: " + request);
        }
    }

    private ByteBuf responseFrame() {
        ByteBuf frame = channel.readOutbound();
        assertTrue(frame != null, "a response was written");
        return frame;
    }

    @Test
    void decodesHeaderAndBodyAndAnswersWithTheSameCorrelationId() {
        ApiVersionsRequest body = new ApiVersionsRequest().setClientSoftwareName("samsa-test")
            .setClientSoftwareVersion("1.0");
        channel.writeInbound(KafkaFrames.request(ApiKey.API_VERSIONS, (short) 3, 42, "client-a", body));

        Request request = seen.get(0);
        assertEquals(ApiKey.API_VERSIONS, request.apiKey());
        assertEquals(3, request.apiVersion());
        assertEquals(42, request.context().correlationId());
        assertEquals("client-a", request.context().clientId());
        assertEquals(LISTENER, request.context().listener());
        assertEquals("samsa-test", request.body(ApiVersionsRequest.class).clientSoftwareName());
        assertFalse(request.isUnsupportedApiVersions());

        ByteBuf frame = responseFrame();
        try {
            // ApiVersions answers always use response header v0: the body follows the correlation id.
            ApiVersionsResponse response = KafkaFrames.response(frame, ApiKey.API_VERSIONS, (short) 3, 42,
                new ApiVersionsResponse());
            assertEquals(0, response.errorCode());
            assertEquals(4, response.apiKeys().get(0).maxVersion());
        } finally {
            frame.release();
        }
    }

    @Test
    void anUnknownApiVersionsVersionIsAnsweredAtV0() {
        channel.writeInbound(KafkaFrames.raw(ApiKey.API_VERSIONS.id(), 99, 7, (byte) 0, (byte) 0, (byte) 0,
            (byte) 5, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5));
        // Header v2 for a flexible version: client id (int16 length 0) then an empty tagged-field section,
        // then a body in a format we do not know; it is not parsed.
        assertTrue(channel.isOpen());
        assertTrue(seen.get(0).isUnsupportedApiVersions());
        assertEquals(99, seen.get(0).apiVersion());
        ByteBuf frame = responseFrame();
        try {
            ApiVersionsResponse response = KafkaFrames.response(frame, ApiKey.API_VERSIONS, (short) 0, 7,
                new ApiVersionsResponse());
            assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), response.errorCode());
            assertEquals(ApiKey.API_VERSIONS.id(), response.apiKeys().get(0).apiKey());
        } finally {
            frame.release();
        }
    }

    @Test
    void flexibleResponsesCarryHeaderV1() {
        channel.writeInbound(KafkaFrames.request(ApiKey.METADATA, (short) 12, 9, "client-b", new MetadataRequest()));
        ByteBuf frame = responseFrame();
        try {
            assertEquals(1, ApiKey.METADATA.responseHeaderVersion((short) 12));
            assertEquals(0, frame.getByte(8), "empty tagged fields of response header v1");
            MetadataResponse response = KafkaFrames.response(frame, ApiKey.METADATA, (short) 12, 9,
                new MetadataResponse());
            assertEquals("test-cluster", response.clusterId());
        } finally {
            frame.release();
        }
    }

    @Test
    void aResponseThatCannotBeEncodedClosesTheConnection() {
        EmbeddedChannel failing = new EmbeddedChannel();
        failing.pipeline().addLast(new FrameDecoder(1 << 20));
        new KafkaProtocol(EnabledApis.codec(), request -> {
            seen.add(request);
            return CompletableFuture.completedFuture(Response.of(request, new UnencodableApiVersions()));
        }).initChannel(failing.pipeline(), LISTENER);
        failing.pipeline().addLast(new ConnectionErrorHandler());
        failing.writeInbound(KafkaFrames.request(ApiKey.API_VERSIONS, (short) 3, 1, "c", new ApiVersionsRequest()));
        assertFalse(failing.isOpen(), "the client must not wait for a response that was never sent");
        assertNull(failing.readOutbound());
        failing.finishAndReleaseAll();
    }

    /** An ApiVersions body whose encoding fails, as a field unknown to the version would make it. */
    private static final class UnencodableApiVersions implements io.samsa.protocol.ApiMessage {
        @Override
        public short apiKey() {
            return ApiKey.API_VERSIONS.id();
        }

        @Override
        public void read(ByteBuf buf, short version) {
        }

        @Override
        public void write(ByteBuf buf, short version) {
            throw new io.samsa.protocol.UnsupportedVersionException("field not in v" + version);
        }

        @Override
        public int size(short version) {
            return 0;
        }

        @Override
        public short lowestSupportedVersion() {
            return 0;
        }

        @Override
        public short highestSupportedVersion() {
            return 5;
        }

        @Override
        public List<io.samsa.protocol.wire.RawTaggedField> unknownTaggedFields() {
            return List.of();
        }
    }

    @Test
    void aNullClientIdReadsAsEmpty() {
        // api key 18, v1, correlation 5, client id length -1 (null), empty v1 body.
        channel.writeInbound(KafkaFrames.raw(ApiKey.API_VERSIONS.id(), 1, 5, (byte) 0xff, (byte) 0xff));
        assertEquals("", seen.get(0).context().clientId());
        responseFrame().release();
    }

    @Test
    void anUnknownApiKeyClosesTheConnection() {
        channel.writeInbound(KafkaFrames.raw(9999, 0, 1, (byte) 0, (byte) 0));
        assertFalse(channel.isOpen());
        assertTrue(seen.isEmpty());
    }

    @Test
    void aVersionThatIsNotEnabledClosesTheConnection() {
        // Produce v0-2 are outside the codec's range (Kafka 4 removed them).
        channel.writeInbound(KafkaFrames.raw(ApiKey.PRODUCE.id(), 2, 1, (byte) 0, (byte) 0));
        assertFalse(channel.isOpen());
        assertTrue(seen.isEmpty());
    }

    @Test
    void aTruncatedBodyClosesTheConnection() {
        ByteBuf good = KafkaFrames.request(ApiKey.PRODUCE, (short) 9, 3, "c", new ProduceRequest());
        int cut = 3;
        ByteBuf truncated = good.copy(0, good.readableBytes() - cut);
        truncated.setInt(0, truncated.readableBytes() - 4);
        good.release();
        channel.writeInbound(truncated);
        assertFalse(channel.isOpen());
        assertTrue(seen.isEmpty());
    }

    @Test
    void aFrameTooShortForAHeaderClosesTheConnection() {
        ByteBuf tiny = io.netty.buffer.Unpooled.buffer().writeInt(2).writeShort(18);
        channel.writeInbound(tiny);
        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound());
    }
}
