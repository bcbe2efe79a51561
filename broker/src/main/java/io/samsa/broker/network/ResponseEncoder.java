package io.samsa.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.samsa.protocol.message.ResponseHeader;
import java.util.List;

/**
 * Encodes a {@link Response} as one frame: 4-byte size, response header (v0, or v1 for flexible
 * versions; ApiVersions always v0), body. The size is computed first, so the frame is written
 * into one exactly-sized direct buffer with no resizing.
 * <p>Ownership: the buffer it allocates passes to the channel. One instance per channel.
 * <p>Zero-copy fetch will extend this: a response whose records live in segment files will be
 * emitted as header bytes followed by {@code FileRegion}s, which is why this is a
 * message-to-message encoder rather than a message-to-byte one.
 */
public final class ResponseEncoder extends MessageToMessageEncoder<Response> {

    public ResponseEncoder() {
        super(Response.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Response response, List<Object> out) {
        short headerVersion = response.apiKey().responseHeaderVersion(response.apiVersion());
        ResponseHeader header = new ResponseHeader().setCorrelationId(response.correlationId());
        int size = header.size(headerVersion) + response.body().size(response.apiVersion());
        ByteBuf frame = ctx.alloc().ioBuffer(FrameDecoder.SIZE_PREFIX_BYTES + size);
        try {
            frame.writeInt(size);
            header.write(frame, headerVersion);
            response.body().write(frame, response.apiVersion());
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        out.add(frame);
    }
}
