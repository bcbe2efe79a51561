package io.samsa.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.samsa.broker.config.Endpoint;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiMessage;
import io.samsa.protocol.MalformedMessageException;
import io.samsa.protocol.message.RequestHeader;
import java.util.List;

/**
 * Turns a request frame into a {@link Request}: peeks the API key and version, checks them once
 * against {@link EnabledApis}, then parses the header and the body with the generated codec.
 * An unknown API key, a version that is not enabled (other than ApiVersions) or bytes that do not
 * parse raise an {@link InvalidRequestException}, which closes the connection with one WARN line
 * (Kafka closes it too: it cannot frame an answer). An ApiVersions request of an unknown version
 * is passed on with a default body, for the KIP-511 v0 answer.
 * <p>Ownership: takes the frame from the {@link FrameDecoder} and moves it into the request
 * (a failed decode releases it). One instance per channel, on its event loop.
 */
public final class RequestDecoder extends MessageToMessageDecoder<ByteBuf> {
    // api_key (int16) + api_version (int16): what must be there before the header can be chosen.
    private static final int KEY_AND_VERSION_BYTES = 4;

    private final EnabledApis enabledApis;

    public RequestDecoder(EnabledApis enabledApis) {
        super(ByteBuf.class);
        this.enabledApis = enabledApis;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        if (frame.readableBytes() < KEY_AND_VERSION_BYTES) {
            throw new InvalidRequestException("request of " + frame.readableBytes() + " bytes is too short for a header");
        }
        short keyId = frame.getShort(frame.readerIndex());
        short version = frame.getShort(frame.readerIndex() + 2);
        ApiKey apiKey = ApiKey.forId(keyId);
        if (apiKey == null) {
            throw new InvalidRequestException("unknown API key " + keyId);
        }
        boolean unsupportedApiVersions = false;
        if (!enabledApis.isEnabled(apiKey, version)) {
            if (apiKey != ApiKey.API_VERSIONS) {
                throw new InvalidRequestException(apiKey.displayName() + " (key " + keyId + ") version " + version
                    + " is not supported");
            }
            unsupportedApiVersions = true;
        }
        RequestHeader header = readHeader(frame, apiKey, version);
        ApiMessage body = apiKey.newRequest();
        if (!unsupportedApiVersions) {
            try {
                body.read(frame, version);
            } catch (MalformedMessageException e) {
                throw new InvalidRequestException("malformed " + apiKey.displayName() + " v" + version + " request: "
                    + e.getMessage(), e);
            }
        }
        RequestContext context = new RequestContext(header, apiKey, version, ctx.channel().remoteAddress(),
            listener(ctx));
        out.add(new Request(context, body, frame.retain(), unsupportedApiVersions));
    }

    private static RequestHeader readHeader(ByteBuf frame, ApiKey apiKey, short version) {
        RequestHeader header = new RequestHeader();
        try {
            header.read(frame, apiKey.requestHeaderVersion(version));
        } catch (MalformedMessageException e) {
            throw new InvalidRequestException("malformed " + apiKey.displayName() + " request header: "
                + e.getMessage(), e);
        }
        if (header.clientId() == null) {
            header.setClientId(""); // Kafka treats a null client id as empty.
        }
        return header;
    }

    private static Endpoint listener(ChannelHandlerContext ctx) {
        return ctx.channel().attr(SocketServer.LISTENER).get();
    }
}
