package io.samsa.protocol.record.compression;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Kafka's lz4: one LZ4 frame in the layout of {@link Lz4Frame}. */
public final class Lz4Compression implements Compression {
    public static final Lz4Compression INSTANCE = new Lz4Compression();

    private Lz4Compression() {
    }

    @Override
    public InputStream decompress(ByteBuf compressed, int maxBytes) {
        return new Lz4FrameInputStream(compressed.duplicate(), maxBytes);
    }

    @Override
    public OutputStream compress(OutputStream out) throws IOException {
        return new Lz4FrameOutputStream(out);
    }
}
