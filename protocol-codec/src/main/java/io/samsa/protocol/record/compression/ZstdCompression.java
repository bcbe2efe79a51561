package io.samsa.protocol.record.compression;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Kafka's zstd: one zstd frame written by zstd-jni's streaming API at Kafka's default level 3.
 *
 * <p>The decoder's window (its one large, native allocation) is capped at 2^27 bytes, zstd's own
 * default limit and what Kafka accepts, so a forged frame header cannot ask for more. zstd-jni's
 * runtime exceptions are turned into {@link IOException}s.
 */
public final class ZstdCompression implements Compression {
    public static final ZstdCompression INSTANCE = new ZstdCompression();
    private static final int DEFAULT_LEVEL = 3;
    private static final int MAX_WINDOW_LOG = 27;

    private ZstdCompression() {
    }

    @Override
    public InputStream decompress(ByteBuf compressed, int maxBytes) throws IOException {
        ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(
                new ByteBufInputStream(compressed.duplicate()), RecyclingBufferPool.INSTANCE);
        zstd.setLongMax(MAX_WINDOW_LOG);
        return new CheckedStream(zstd);
    }

    @Override
    public OutputStream compress(OutputStream out) throws IOException {
        return new ZstdOutputStreamNoFinalizer(out, RecyclingBufferPool.INSTANCE, DEFAULT_LEVEL);
    }

    /** Reports zstd-jni's unchecked errors as the IOException the Compression contract promises. */
    private static final class CheckedStream extends FilterInputStream {
        CheckedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (RuntimeException e) {
                throw new IOException("zstd: " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (RuntimeException e) {
                throw new IOException("zstd: " + e.getMessage(), e);
            }
        }
    }
}
