package io.samsa.protocol.record.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Kafka's gzip: one RFC 1952 stream over the records. The inflater works on fixed-size buffers,
 * so a corrupt stream costs at most the bytes it really inflates to.
 */
public final class GzipCompression implements Compression {
    public static final GzipCompression INSTANCE = new GzipCompression();
    private static final int BUFFER_SIZE = 8 * 1024;

    private GzipCompression() {
    }

    @Override
    public InputStream decompress(ByteBuf compressed, int maxBytes) throws IOException {
        return new GZIPInputStream(new ByteBufInputStream(compressed.duplicate()), BUFFER_SIZE);
    }

    @Override
    public OutputStream compress(OutputStream out) throws IOException {
        // Kafka buffers in front of the deflater so small record writes do not each reach zlib.
        return new BufferedOutputStream(new GZIPOutputStream(out, BUFFER_SIZE), 2 * BUFFER_SIZE);
    }
}
