package io.samsa.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream of one connection into Kafka request frames: a 4-byte big-endian size,
 * then that many bytes. Each frame is emitted as a retained slice of the cumulation buffer
 * (no copy); <b>ownership of every emitted {@code ByteBuf} passes to the next handler</b>, which
 * must release it or hand it on (the {@code RequestDecoder} moves it into the {@code Request}).
 * A negative size or one above {@code socket.request.max.bytes} raises an
 * {@link InvalidFrameSizeException}; the decoder then discards everything else the connection
 * sends, so that one exception, logged once downstream, is the only outcome.
 * <p>One instance per channel, confined to its event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    static final int SIZE_PREFIX_BYTES = 4;

    private final int maxFrameSize;
    private boolean failed;

    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < SIZE_PREFIX_BYTES) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxFrameSize) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new InvalidFrameSizeException(size, maxFrameSize);
        }
        if (in.readableBytes() - SIZE_PREFIX_BYTES < size) {
            return;
        }
        in.skipBytes(SIZE_PREFIX_BYTES);
        out.add(in.readRetainedSlice(size));
    }
}
