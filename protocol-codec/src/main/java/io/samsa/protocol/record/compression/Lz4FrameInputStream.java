package io.samsa.protocol.record.compression;

import io.netty.buffer.ByteBuf;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.io.IOException;

/**
 * Reads one LZ4 frame in Kafka's layout (see {@link Lz4Frame}). Each block is decompressed by the
 * bounds-checking ("safe") decompressor into a buffer of the frame's declared block size (at most
 * 4 MiB), so a forged block can neither overrun nor inflate memory.
 */
final class Lz4FrameInputStream extends BlockInputStream {
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();

    private static final int MAX_RATIO = 255;

    private final ByteBuf in;
    private final int maxBytes;
    private boolean started;
    private boolean blockChecksum;
    private int maxBlockSize;
    private byte[] compressed;

    Lz4FrameInputStream(ByteBuf in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean nextBlock() throws IOException {
        if (!started) {
            started = true;
            readHeader();
        }
        int size = readIntLE("block size");
        if (size == 0) {
            // The end mark; a content checksum may follow, which Kafka does not verify either.
            return false;
        }
        boolean stored = (size & Lz4Frame.INCOMPRESSIBLE) != 0;
        size &= ~Lz4Frame.INCOMPRESSIBLE;
        if (size > maxBlockSize || size > in.readableBytes()) {
            throw new IOException("lz4: block of " + size + " bytes exceeds the block size "
                    + maxBlockSize + " or the " + in.readableBytes() + " bytes that remain");
        }
        if (stored) {
            in.readBytes(block, 0, size);
            limit = size;
        } else {
            in.readBytes(compressed, 0, size);
            limit = decompress(size);
        }
        if (blockChecksum) {
            int expected = readIntLE("block checksum");
            byte[] data = stored ? block : compressed;
            if (Lz4Frame.XXHASH.hash(data, 0, size, 0) != expected) {
                throw new IOException("lz4: block checksum mismatch");
            }
        }
        position = 0;
        return true;
    }

    private int decompress(int size) throws IOException {
        try {
            return DECOMPRESSOR.decompress(compressed, 0, size, block, 0, block.length);
        } catch (LZ4Exception e) {
            throw new IOException("lz4: " + e.getMessage(), e);
        }
    }

    private void readHeader() throws IOException {
        if (readIntLE("magic") != Lz4Frame.MAGIC) {
            throw new IOException("lz4: not an LZ4 frame");
        }
        int descriptorStart = in.readerIndex();
        int flg = readByte();
        int bd = readByte();
        if ((flg >>> 6) != Lz4Frame.VERSION || (flg & (Lz4Frame.FLG_RESERVED | Lz4Frame.FLG_DICT_ID)) != 0) {
            throw new IOException("lz4: unsupported frame flags " + flg);
        }
        int blockSizeId = (bd >>> 4) & 7;
        if ((bd & Lz4Frame.BD_RESERVED) != 0 || blockSizeId < Lz4Frame.BLOCK_SIZE_64KB) {
            throw new IOException("lz4: invalid block descriptor " + bd);
        }
        if ((flg & Lz4Frame.FLG_CONTENT_SIZE) != 0) {
            require(8, "content size");
            in.skipBytes(8);
        }
        byte[] descriptor = new byte[in.readerIndex() - descriptorStart];
        in.getBytes(descriptorStart, descriptor);
        if (readByte() != Lz4Frame.headerChecksum(descriptor, 0, descriptor.length)) {
            throw new IOException("lz4: frame descriptor checksum mismatch");
        }
        blockChecksum = (flg & Lz4Frame.FLG_BLOCK_CHECKSUM) != 0;
        maxBlockSize = Math.min(Lz4Frame.maxBlockSize(blockSizeId), Math.max(maxBytes, 0));
        // An LZ4 sequence expands at most ~255-fold, so the rest of the input bounds any block too.
        block = new byte[(int) Math.min(maxBlockSize, (long) in.readableBytes() * MAX_RATIO + 64)];
        compressed = new byte[Math.min(maxBlockSize, in.readableBytes())];
    }

    private int readByte() throws IOException {
        require(1, "frame descriptor");
        return in.readUnsignedByte();
    }

    private int readIntLE(String what) throws IOException {
        require(4, what);
        return in.readIntLE();
    }

    private void require(int n, String what) throws IOException {
        if (in.readableBytes() < n) {
            throw new IOException("lz4: truncated " + what);
        }
    }
}
