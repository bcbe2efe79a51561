package io.samsa.protocol.record.compression;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One of Kafka's record codecs, in the exact framing Kafka's clients write, so batches are
 * byte-compatible both ways. Implementations are stateless singletons; each stream they return is
 * confined to the thread using it.
 *
 * <p>Decompression is bounded: no single allocation exceeds {@code maxBytes} or what the compressed
 * input could justify, and corrupt input raises {@link IOException} (never a runtime exception or
 * an {@link Error} from a native codec). Bounding the total decompressed length is the caller's job.
 */
public interface Compression {

    /**
     * Streams the decompressed form of the readable bytes of {@code compressed}, which the stream
     * reads but neither retains nor releases: it must stay valid until the stream is closed.
     *
     * @param maxBytes the most any single decompressed block may hold
     */
    InputStream decompress(ByteBuf compressed, int maxBytes) throws IOException;

    /** Wraps {@code out}; what is written is compressed, and closing writes the frame's end. */
    OutputStream compress(OutputStream out) throws IOException;
}
