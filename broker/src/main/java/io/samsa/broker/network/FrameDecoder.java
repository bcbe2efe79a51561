package io.samsa.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * <p>A cumulation that frames were sliced from is never written again (see {@link FrameCumulator}):
 * those frames are read on other threads (a produce batch is validated and written to its log on
 * the partition's writer thread), and a Netty buffer is not safe for a write on one thread while
 * another thread reads it, even in a different range.
 * <p>One instance per channel, confined to its event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    static final int SIZE_PREFIX_BYTES = 4;

    private final int maxFrameSize;
    private boolean failed;

    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        setCumulator(new FrameCumulator(maxFrameSize));
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

    /**
     * Netty's merging cumulator with two differences.
     * <ol>
     * <li>It never writes into a cumulation that still backs emitted frames ({@code refCnt() > 1}):
     * the unread bytes (at most the start of the next frame, since {@link #decode} consumes every
     * whole frame) move to a new buffer, and the old one is only read from then on. Netty's merging
     * cumulator appends in place whenever the buffer has room, which raced with the threads reading
     * the frames: Netty 4.2.18's adaptive-allocator buffer keeps one NIO view per buffer, a reader's
     * {@code getBytes(FileChannel)} (the log append) resets its position, and the event loop's
     * append, which had just set that position, then wrote the new bytes over the start of the
     * buffer — over frames not yet validated or written: CORRUPT_MESSAGE answers to valid batches
     * and possibly corrupt log data (issue #9).</li>
     * <li>The new buffer is sized for the whole frame whose size prefix it holds (when that size is
     * valid), so a large produce request is copied once rather than again at every doubling.</li>
     * </ol>
     * When the buffer is not shared and has room, the read is appended in place as Netty does.
     */
    static final class FrameCumulator implements Cumulator {
        private final int maxFrameSize;

        FrameCumulator(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        @Override
        public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
            if (cumulation == in) {
                in.release(); // Netty's contract: the same buffer passed twice is retained twice.
                return cumulation;
            }
            if (!cumulation.isReadable() && in.isContiguous()) {
                cumulation.release();
                return in;
            }
            try {
                int required = in.readableBytes();
                if (cumulation.refCnt() > 1 || cumulation.isReadOnly() || cumulation.writableBytes() < required) {
                    return moveUnread(alloc, cumulation, in);
                }
                cumulation.writeBytes(in, in.readerIndex(), required);
                in.readerIndex(in.writerIndex());
                return cumulation;
            } finally {
                in.release();
            }
        }

        /**
         * A new buffer holding the unread bytes of {@code old} then those of {@code in}, with room for
         * the rest of the frame; {@code old} is released only once the copy succeeded (on failure the
         * decoder still owns it), {@code in} is left to the caller.
         */
        private ByteBuf moveUnread(ByteBufAllocator alloc, ByteBuf old, ByteBuf in) {
            int unread = old.readableBytes();
            int capacity = unread + in.readableBytes();
            if (unread >= SIZE_PREFIX_BYTES) {
                int size = old.getInt(old.readerIndex());
                if (size >= 0 && size <= maxFrameSize) {
                    capacity = Math.max(capacity, SIZE_PREFIX_BYTES + size);
                }
            }
            ByteBuf moved = alloc.ioBuffer(capacity);
            try {
                moved.writeBytes(old, old.readerIndex(), unread).writeBytes(in, in.readerIndex(), in.readableBytes());
            } catch (RuntimeException | Error e) {
                moved.release();
                throw e;
            }
            in.readerIndex(in.writerIndex());
            old.release();
            return moved;
        }
    }
}
