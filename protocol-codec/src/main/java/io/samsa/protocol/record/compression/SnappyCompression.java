package io.samsa.protocol.record.compression;

import io.netty.buffer.ByteBuf;
import org.xerial.snappy.SnappyOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Kafka's snappy: snappy-java's xerial framing ({@code SnappyOutputStream}: a 16-byte header, then
 * blocks of int32 length + raw snappy), which the Java clients write. Reading also accepts a
 * payload that is one raw snappy block, as Kafka's {@code SnappyInputStream} does, because
 * librdkafka's producer writes that. The framing is parsed here (see {@link SnappyFramedInputStream})
 * so every length is checked before anything is allocated.
 */
public final class SnappyCompression implements Compression {
    public static final SnappyCompression INSTANCE = new SnappyCompression();

    private SnappyCompression() {
    }

    @Override
    public InputStream decompress(ByteBuf compressed, int maxBytes) {
        return new SnappyFramedInputStream(compressed.duplicate(), maxBytes);
    }

    @Override
    public OutputStream compress(OutputStream out) {
        return new SnappyOutputStream(out);
    }
}
