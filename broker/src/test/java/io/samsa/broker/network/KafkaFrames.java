package io.samsa.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiMessage;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ApiVersionsResponse;
import io.samsa.protocol.message.MetadataResponse;
import io.samsa.protocol.message.RequestHeader;
import io.samsa.protocol.message.ResponseHeader;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Client-side framing for tests: encodes requests and decodes responses with the generated codec. */
final class KafkaFrames {
    private KafkaFrames() {
    }

    /** A size-prefixed request frame. */
    static ByteBuf request(ApiKey apiKey, short version, int correlationId, String clientId, ApiMessage body) {
        short headerVersion = apiKey.requestHeaderVersion(version);
        RequestHeader header = new RequestHeader().setRequestApiKey(apiKey.id()).setRequestApiVersion(version)
            .setCorrelationId(correlationId).setClientId(clientId);
        int size = header.size(headerVersion) + body.size(version);
        ByteBuf frame = Unpooled.buffer(4 + size);
        frame.writeInt(size);
        header.write(frame, headerVersion);
        body.write(frame, version);
        return frame;
    }

    /** A size-prefixed frame of arbitrary bytes after an api key, version and correlation id. */
    static ByteBuf raw(int apiKey, int version, int correlationId, byte... rest) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(8 + rest.length).writeShort(apiKey).writeShort(version).writeInt(correlationId).writeBytes(rest);
        return frame;
    }

    /**
     * Reads one response frame (size prefix included), checks its size and correlation id, and
     * fills {@code body} from it. Releases nothing: the caller owns {@code frame}.
     */
    static <T extends ApiMessage> T response(ByteBuf frame, ApiKey apiKey, short version, int correlationId, T body) {
        int size = frame.readInt();
        assertEquals(frame.readableBytes(), size, "size prefix");
        ResponseHeader header = new ResponseHeader();
        header.read(frame, apiKey.responseHeaderVersion(version));
        assertEquals(correlationId, header.correlationId(), "correlation id");
        body.read(frame, version);
        assertEquals(0, frame.readableBytes(), "nothing after the body");
        return body;
    }

    /** A dispatcher that answers ApiVersions (KIP-511 aware) and an empty Metadata, at once. */
    static CompletableFuture<Response> answer(Request request) {
        ApiMessage body = switch (request.apiKey()) {
            case API_VERSIONS -> new ApiVersionsResponse()
                .setErrorCode(request.isUnsupportedApiVersions() ? ErrorCode.UNSUPPORTED_VERSION.code() : 0)
                .setApiKeys(List.of(new ApiVersionsResponse.ApiVersion().setApiKey(ApiKey.API_VERSIONS.id())
                    .setMinVersion((short) 0).setMaxVersion((short) 4)));
            case METADATA -> new MetadataResponse().setClusterId("test-cluster").setControllerId(1);
            default -> throw new IllegalArgumentException("unexpected " + request);
        };
        return CompletableFuture.completedFuture(Response.of(request, body));
    }
}
