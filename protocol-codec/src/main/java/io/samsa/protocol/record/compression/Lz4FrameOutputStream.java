package io.samsa.protocol.record.compression;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one LZ4 frame exactly as Kafka's {@code KafkaLZ4BlockOutputStream} does: independent
 * 64 KiB blocks, no block or content checksums, a block that does not shrink stored raw.
 * Confined to one thread; closing writes the end mark and closes the wrapped stream.
 */
final class Lz4FrameOutputStream extends OutputStream {
    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();

    private final OutputStream out;
    private final byte[] buffer = new byte[Lz4Frame.maxBlockSize(Lz4Frame.BLOCK_SIZE_64KB)];
    private final byte[] compressed = new byte[COMPRESSOR.maxCompressedLength(buffer.length)];
    private int length;
    private boolean closed;

    Lz4FrameOutputStream(OutputStream out) throws IOException {
        this.out = out;
        byte[] header = new byte[7];
        writeIntLE(header, 0, Lz4Frame.MAGIC);
        header[4] = (byte) ((Lz4Frame.VERSION << 6) | Lz4Frame.FLG_BLOCK_INDEPENDENCE);
        header[5] = (byte) (Lz4Frame.BLOCK_SIZE_64KB << 4);
        header[6] = (byte) Lz4Frame.headerChecksum(header, 4, 2);
        out.write(header);
    }

    @Override
    public void write(int b) throws IOException {
        if (length == buffer.length) {
            writeBlock();
        }
        buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (length == buffer.length) {
                writeBlock();
            }
            int n = Math.min(len, buffer.length - length);
            System.arraycopy(b, off, buffer, length, n);
            length += n;
            off += n;
            len -= n;
        }
    }

    private void writeBlock() throws IOException {
        if (length == 0) {
            return;
        }
        int size = COMPRESSOR.compress(buffer, 0, length, compressed, 0, compressed.length);
        byte[] sizeBytes = new byte[4];
        if (size >= length) {
            writeIntLE(sizeBytes, 0, length | Lz4Frame.INCOMPRESSIBLE);
            out.write(sizeBytes);
            out.write(buffer, 0, length);
        } else {
            writeIntLE(sizeBytes, 0, size);
            out.write(sizeBytes);
            out.write(compressed, 0, size);
        }
        length = 0;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writeBlock();
        out.write(new byte[4]);
        out.close();
    }

    private static void writeIntLE(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
        b[offset + 2] = (byte) (value >>> 16);
        b[offset + 3] = (byte) (value >>> 24);
    }
}
