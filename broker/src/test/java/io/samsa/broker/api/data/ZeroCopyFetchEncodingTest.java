package io.samsa.broker.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.samsa.broker.network.FileRegionRecords;
import io.samsa.broker.network.Response;
import io.samsa.broker.network.ResponseEncoder;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.message.FetchResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The response encoder sends fetched records as file regions: the frame's other bytes are sliced
 * around them, and the bytes on the wire equal those of the same response with the records copied in.
 */
class ZeroCopyFetchEncodingTest {
    private static final UUID TOPIC_ID = UUID.randomUUID();
    @TempDir
    Path dir;
    FileChannel file;
    byte[] content;

    @BeforeEach
    void writeSegment() throws Exception {
        content = new byte[10_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7 + 3);
        }
        file = FileChannel.open(dir.resolve("00000000000000000000.log"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        file.write(ByteBuffer.wrap(content), 0);
    }

    @AfterEach
    void closeFile() throws Exception {
        file.close();
    }

    /** Three partitions: records from the file at [100, 3100) and [5000, 5001), and none. */
    private FetchResponse response(Function<long[], ByteBuf> records) {
        List<FetchResponse.PartitionData> partitions = new ArrayList<>();
        long[][] ranges = {{100, 3000}, {5000, 1}, {0, 0}};
        for (int i = 0; i < ranges.length; i++) {
            partitions.add(new FetchResponse.PartitionData().setPartitionIndex(i).setHighWatermark(42)
                    .setLastStableOffset(42).setLogStartOffset(0).setRecords(records.apply(ranges[i])));
        }
        return new FetchResponse().setSessionId(0).setResponses(new ArrayList<>(List.of(
                new FetchResponse.FetchableTopicResponse().setTopic("t").setTopicId(TOPIC_ID)
                        .setPartitions(partitions))));
    }

    private ByteBuf copied(long[] range) {
        return Unpooled.wrappedBuffer(content, (int) range[0], (int) range[1]);
    }

    private ByteBuf region(long[] range) {
        return range[1] == 0 ? Unpooled.EMPTY_BUFFER : new FileRegionRecords(file, range[0], (int) range[1]);
    }

    @ParameterizedTest
    @ValueSource(shorts = {4, 11, 12, 13, 16, 18})
    void theWireBytesEqualTheCopiedResponsesAndTheRecordsAreFileRegions(short version) throws Exception {
        FetchResponse withRegions = response(this::region);
        FetchResponse withCopies = response(this::copied);

        byte[] expected = encode(new Response(ApiKey.FETCH, version, 77, withCopies), false);
        byte[] actual = encode(new Response(ApiKey.FETCH, version, 77, withRegions), true);
        assertArrayEquals(expected, actual, "v" + version);
        assertTrue(file.isOpen(), "releasing a region does not close the log's file");
    }

    @Test
    void theRecordsOfARegionCannotBeRead() {
        FileRegionRecords records = new FileRegionRecords(file, 0, 10);
        assertEquals(10, records.readableBytes());
        assertThrows(UnsupportedOperationException.class, () -> records.getByte(0));
        ByteBuf target = Unpooled.buffer();
        try {
            assertThrows(UnsupportedOperationException.class, () -> target.writeBytes(records), "no silent copy");
        } finally {
            target.release();
        }
        assertEquals(1, records.refCnt());
        records.release();
        assertEquals(1, records.refCnt(), "not reference counted: it owns nothing");
    }

    /** Encodes through an embedded channel and concatenates what it emits, sending regions as the socket would. */
    private byte[] encode(Response response, boolean expectRegions) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new ResponseEncoder());
        channel.writeOutbound(response);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        WritableByteChannel sink = Channels.newChannel(wire);
        int regions = 0;
        Object message;
        while ((message = channel.readOutbound()) != null) {
            try {
                if (message instanceof ByteBuf buf) {
                    byte[] bytes = new byte[buf.readableBytes()];
                    buf.readBytes(bytes);
                    wire.write(bytes);
                } else {
                    FileRegion region = assertInstanceOf(DefaultFileRegion.class, message, "sendfile needs a DefaultFileRegion");
                    regions++;
                    while (region.transferred() < region.count()) {
                        region.transferTo(sink, region.transferred());
                    }
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
        channel.finishAndReleaseAll();
        assertEquals(expectRegions ? 2 : 0, regions, "one region per partition with records");
        return wire.toByteArray();
    }
}
