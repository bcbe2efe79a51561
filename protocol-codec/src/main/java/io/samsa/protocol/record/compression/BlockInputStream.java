package io.samsa.protocol.record.compression;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream over a sequence of decompressed blocks, for codecs whose framing Samsa parses
 * itself (snappy's xerial framing, Kafka's LZ4 frame): subclasses produce one block at a time, so
 * memory is one block however long the stream. Confined to one thread.
 */
abstract class BlockInputStream extends InputStream {
    /** The current block's bytes in {@code block[position, limit)}. */
    protected byte[] block = new byte[0];
    protected int position;
    protected int limit;
    private boolean finished;

    /**
     * Decompresses the next block into {@code block}, {@code position} and {@code limit}; returns
     * false at the end of the stream. An empty block is allowed.
     */
    protected abstract boolean nextBlock() throws IOException;

    private boolean ensureAvailable() throws IOException {
        while (position >= limit) {
            if (finished || !nextBlock()) {
                finished = true;
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return ensureAvailable() ? block[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ensureAvailable()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(block, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }
}
