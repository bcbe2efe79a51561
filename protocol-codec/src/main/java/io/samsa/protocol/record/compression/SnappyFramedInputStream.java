package io.samsa.protocol.record.compression;

import io.netty.buffer.ByteBuf;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

import java.io.IOException;

/**
 * Reads snappy-java's xerial framing, or one raw snappy block when the header is absent. Layout:
 * magic {@code 82 'SNAPPY' 00}, int32 version, int32 compatible version, then chunks of int32
 * (big-endian) compressed length + raw snappy block; a repeated header between chunks (concatenated
 * streams) is skipped, as snappy-java does.
 *
 * <p>A snappy element expands at most 64 bytes from 3 (a two-byte-offset copy), so a block's
 * declared uncompressed length above {@link #MAX_RATIO} times its compressed length is corrupt;
 * that check and {@code maxBytes} bound each allocation before it is made.
 */
final class SnappyFramedInputStream extends BlockInputStream {
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER_SIZE = 16;
    private static final int MAX_RATIO = 22;

    private final ByteBuf in;
    private final int maxBytes;
    private boolean raw;
    private boolean started;

    SnappyFramedInputStream(ByteBuf in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean nextBlock() throws IOException {
        if (!started) {
            started = true;
            raw = !skipHeader();
            if (raw) {
                return uncompress(in.readableBytes());
            }
        }
        if (raw || !in.isReadable()) {
            return false;
        }
        skipHeader();
        if (in.readableBytes() < 4) {
            throw new IOException("snappy: truncated chunk length");
        }
        int length = in.readInt();
        if (length < 0 || length > in.readableBytes()) {
            throw new IOException("snappy: chunk length " + length + " exceeds the "
                    + in.readableBytes() + " bytes that remain");
        }
        return uncompress(length);
    }

    /** Skips a xerial header at the reader index, if there is one. */
    private boolean skipHeader() throws IOException {
        if (in.readableBytes() < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (in.getByte(in.readerIndex() + i) != MAGIC[i]) {
                return false;
            }
        }
        if (in.readableBytes() < HEADER_SIZE) {
            throw new IOException("snappy: truncated stream header");
        }
        in.skipBytes(HEADER_SIZE);
        return true;
    }

    private boolean uncompress(int length) throws IOException {
        byte[] compressed = new byte[length];
        in.readBytes(compressed);
        try {
            int size = length == 0 ? 0 : Snappy.uncompressedLength(compressed, 0, length);
            if (size < 0 || size > maxBytes || size > (long) length * MAX_RATIO) {
                throw new IOException("snappy: implausible uncompressed length " + size
                        + " for a block of " + length + " bytes");
            }
            block = new byte[size];
            if (size > 0 && Snappy.uncompress(compressed, 0, length, block, 0) != size) {
                throw new IOException("snappy: block shorter than its declared length");
            }
        } catch (SnappyError e) {
            throw new IOException("snappy: " + e.getMessage(), e);
        }
        position = 0;
        limit = block.length;
        return true;
    }
}
