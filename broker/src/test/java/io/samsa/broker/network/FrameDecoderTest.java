package io.samsa.broker.network;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final int MAX = 64;

    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX), new ConnectionErrorHandler());

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private static ByteBuf frame(String payload) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(payload.length());
        buf.writeCharSequence(payload, US_ASCII);
        return buf;
    }

    private String readFrame() {
        ByteBuf frame = channel.readInbound();
        try {
            return frame.toString(US_ASCII);
        } finally {
            frame.release();
        }
    }

    @Test
    void assemblesAFrameDeliveredOneByteAtATime() {
        ByteBuf whole = frame("hello");
        while (whole.isReadable()) {
            assertNull(channel.readInbound());
            channel.writeInbound(whole.readRetainedSlice(1));
        }
        whole.release();
        assertEquals("hello", readFrame());
        assertNull(channel.readInbound());
    }

    @Test
    void splitsSeveralFramesArrivingInOneRead() {
        ByteBuf many = Unpooled.wrappedBuffer(frame("one"), frame(""), frame("three"), frame("fo"));
        ByteBuf partial = many.readRetainedSlice(many.readableBytes() - 1);
        channel.writeInbound(partial);
        assertEquals("one", readFrame());
        assertEquals("", readFrame(), "a zero-size frame is framed; the request decoder rejects it");
        assertEquals("three", readFrame());
        assertNull(channel.readInbound(), "the last frame is still one byte short");
        channel.writeInbound(many);
        assertEquals("fo", readFrame());
    }

    @Test
    void acceptsAFrameOfExactlyTheLimit() {
        channel.writeInbound(frame("x".repeat(MAX)));
        assertEquals(MAX, readFrame().length());
        assertTrue(channel.isOpen());
    }

    @Test
    void closesTheConnectionOnANegativeSize() {
        ByteBuf bad = Unpooled.buffer().writeInt(-1).writeBytes(new byte[] {1, 2, 3});
        channel.writeInbound(bad);
        assertFalse(channel.isOpen());
        assertNull(channel.readInbound());
    }

    @Test
    void closesTheConnectionOnASizeAboveTheLimitAndIgnoresWhatFollows() {
        ByteBuf oversized = Unpooled.buffer().writeInt(MAX + 1);
        ByteBuf good = frame("after");
        channel.writeInbound(Unpooled.wrappedBuffer(oversized, good));
        assertFalse(channel.isOpen());
        assertNull(channel.readInbound(), "nothing after the bad prefix is framed");
    }

    @Test
    void theExceptionSaysWhatWasWrong() {
        InvalidFrameSizeException negative = new InvalidFrameSizeException(-5, 100);
        InvalidFrameSizeException large = new InvalidFrameSizeException(1 << 30, 100);
        assertTrue(negative.getMessage().contains("-5"), negative.getMessage());
        assertTrue(large.getMessage().contains("socket.request.max.bytes 100"), large.getMessage());
        assertEquals(1 << 30, large.size());
    }
}
