package io.samsa.broker.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link FrameDecoder}'s cumulation rules (issue #9): a buffer that emitted frames were sliced
 * from is never written again, since those frames are read on other threads; a frame that spans
 * reads is gathered into one buffer of its own size.
 */
class FrameCumulatorTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20), new ConnectionErrorHandler());

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private static byte[] frame(int size, int seed) {
        ByteBuf buf = Unpooled.buffer(4 + size).writeInt(size);
        for (int i = 0; i < size; i++) {
            buf.writeByte(seed + i * 7);
        }
        return ByteBufUtil.getBytes(buf);
    }

    private static byte[] body(byte[] frame) {
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    /** The buffer a frame is a view of, through slices and leak-detection wrappers. */
    private static ByteBuf root(ByteBuf buf) {
        while (buf.unwrap() != null) {
            buf = buf.unwrap();
        }
        return buf;
    }

    @Test
    void aBufferThatBacksAnEmittedFrameIsNotWrittenByLaterReads() {
        byte[] first = frame(100, 1);
        byte[] second = frame(100, 2);
        // One read holding the first frame and the start of the second, in a buffer with room to spare:
        // Netty's merging cumulator would append the next read into it, beside the frame in use.
        byte[] memory = new byte[4096];
        ByteBuf read = Unpooled.wrappedBuffer(memory).clear().writeBytes(first).writeBytes(second, 0, 30);
        int written = read.writerIndex();
        channel.writeInbound(read);
        ByteBuf emitted = channel.readInbound();
        assertSame(read, root(emitted));

        channel.writeInbound(Unpooled.wrappedBuffer(second, 30, second.length - 30));

        assertEquals(written, read.writerIndex(), "nothing was appended to the buffer in use");
        assertArrayEquals(new byte[memory.length - written], Arrays.copyOfRange(memory, written, memory.length),
            "its free space is untouched");
        assertEquals(Unpooled.wrappedBuffer(body(first)), emitted);
        ByteBuf next = channel.readInbound();
        assertEquals(Unpooled.wrappedBuffer(body(second)), next);
        assertNull(channel.readInbound());
        emitted.release();
        next.release();
    }

    @Test
    void aFrameSpanningManyReadsIsGatheredIntoOneBufferOfItsSize() {
        byte[] large = frame(100_000, 3);
        for (int at = 0; at < large.length; at += 8192) {
            assertNull(channel.readInbound());
            channel.writeInbound(Unpooled.copiedBuffer(large, at, Math.min(8192, large.length - at)));
        }
        ByteBuf emitted = channel.readInbound();
        assertEquals(Unpooled.wrappedBuffer(body(large)), emitted);
        assertEquals(large.length, root(emitted).capacity(), "sized once for the frame, not doubled");
        emitted.release();
    }

    @Test
    void aBufferNoFrameIsReadFromAnyMoreIsAppendedToInPlace() {
        byte[] large = frame(10_000, 4);
        ByteBuf firstRead = Unpooled.wrappedBuffer(new byte[large.length]).clear().writeBytes(large, 0, 5_000);
        channel.writeInbound(firstRead);
        channel.writeInbound(Unpooled.wrappedBuffer(large, 5_000, large.length - 5_000));
        ByteBuf emitted = channel.readInbound();
        assertEquals(Unpooled.wrappedBuffer(body(large)), emitted);
        assertSame(firstRead, root(emitted), "the unshared first read, which had room, took the rest");
        emitted.release();
    }
}
