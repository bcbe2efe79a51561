package io.samsa.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.broker.testing.TestBrokers;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ApiVersionsRequest;
import io.samsa.protocol.message.ApiVersionsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile bytes against a running broker: each bad connection is closed, and a healthy connection
 * opened before them keeps being served.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static Broker broker;
    static RawKafkaClient healthy;

    @BeforeAll
    static void start() throws IOException {
        broker = TestBrokers.start(dir);
        healthy = client();
    }

    @AfterAll
    static void stop() throws IOException {
        healthy.close();
        broker.stop();
    }

    @Test
    void garbageBytesCloseOnlyThatConnection() throws IOException {
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0; // a plausible small size prefix, then noise
        garbage[1] = 0;
        garbage[2] = 0;
        garbage[3] = 60;
        assertClosedAndOthersServed(garbage);
    }

    @Test
    void anOversizedLengthPrefixClosesOnlyThatConnection() throws IOException {
        assertClosedAndOthersServed(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
    }

    @Test
    void aNegativeLengthPrefixClosesOnlyThatConnection() throws IOException {
        assertClosedAndOthersServed(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe});
    }

    @Test
    void anUnknownApiKeyClosesOnlyThatConnection() throws IOException {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(10);
        frame.writeShort(9999); // no such API
        frame.writeShort(0);
        frame.writeInt(1);
        frame.writeShort(0);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        assertClosedAndOthersServed(bytes);
    }

    @Test
    void aFrameThatDoesNotParseClosesOnlyThatConnection() throws IOException {
        // ApiVersions v3 whose body claims a 100-byte client software name in 3 bytes.
        byte[] bytes = {0, 0, 0, 15, 0, 18, 0, 3, 0, 0, 0, 1, 0, 0, 0, 101, 'a', 'b', 'c'};
        assertClosedAndOthersServed(bytes);
    }

    @Test
    void aTruncatedFrameIsNotAnsweredAndOthersAreServed() throws IOException {
        try (RawKafkaClient bad = client()) {
            bad.writeRaw(new byte[] {0, 0, 0, 100, 0, 18, 0, 0}); // 100 bytes announced, 4 sent
            assertHealthyServed();
        } // the broker sees the close of a half-sent frame and drops it
        assertHealthyServed();
    }

    private static void assertClosedAndOthersServed(byte[] bytes) throws IOException {
        try (RawKafkaClient bad = client()) {
            bad.writeRaw(bytes);
            assertTrue(bad.isClosedByPeer(), "the broker closes the offending connection");
        }
        assertHealthyServed();
        try (RawKafkaClient fresh = client()) {
            ApiVersionsResponse response = fresh.call(new ApiVersionsRequest(), new ApiVersionsResponse(), (short) 0);
            assertEquals(ErrorCode.NONE.code(), response.errorCode(), "new connections are served too");
        }
    }

    private static void assertHealthyServed() throws IOException {
        ApiVersionsResponse response = healthy.call(new ApiVersionsRequest(), new ApiVersionsResponse(), (short) 0);
        assertEquals(ErrorCode.NONE.code(), response.errorCode());
    }

    private static RawKafkaClient client() throws IOException {
        return new RawKafkaClient("127.0.0.1", TestBrokers.port(broker));
    }
}
