package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.NoSuchElementException;

/**
 * Iterates a compressed batch's records by streaming the payload through its codec, one record at
 * a time. Bounded: the codec bounds each block it allocates, {@link BoundedInputStream} bounds the
 * total decompressed length, and a record's bytes are read in chunks as they actually arrive, so a
 * forged record length costs nothing until the data is there. After the declared count, the stream
 * must be exhausted, as Kafka checks. Every failure surfaces as {@link CorruptRecordException}, and
 * closes the decompressor.
 */
final class StreamRecordIterator implements CloseableIterator<Record> {
    private static final int BUFFER_SIZE = 16 * 1024;

    private final RecordReader reader;
    private final InputStream in;
    private final int count;
    private final int maxBytes;
    private int read;
    private boolean closed;

    private StreamRecordIterator(RecordReader reader, InputStream in, int count, int maxBytes) {
        this.reader = reader;
        this.in = in;
        this.count = count;
        this.maxBytes = maxBytes;
    }

    static CloseableIterator<Record> open(RecordReader reader, CompressionType compression, ByteBuf payload,
                                          int count, int maxBytes) {
        if (count == 0) {
            return new BufferRecordIterator(reader, Unpooled.EMPTY_BUFFER, 0);
        }
        InputStream decompressed;
        try {
            decompressed = compression.codec().decompress(payload, maxBytes);
        } catch (IOException | RuntimeException e) {
            throw new CorruptRecordException(compression.configName() + " payload is corrupt: " + e.getMessage(), e);
        }
        InputStream in = new BufferedInputStream(new BoundedInputStream(decompressed, maxBytes), BUFFER_SIZE);
        return new StreamRecordIterator(reader, in, count, maxBytes);
    }

    @Override
    public boolean hasNext() {
        return read < count;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        try {
            Record record = readRecord();
            if (++read == count) {
                if (in.read() != -1) {
                    throw new CorruptRecordException("data follows the batch's " + count + " declared records");
                }
                close();
            }
            return record;
        } catch (CorruptRecordException e) {
            close();
            throw e;
        } catch (IOException | RuntimeException e) {
            close();
            throw new CorruptRecordException("compressed records are corrupt: " + e.getMessage(), e);
        }
    }

    private Record readRecord() throws IOException {
        int length = RecordReader.checkBodyLength(readVarint(), maxBytes);
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new CorruptRecordException("record truncated: " + body.length + " of " + length + " bytes");
        }
        return reader.read(Unpooled.wrappedBuffer(body));
    }

    /** A zig-zag varint of at most five bytes, read from the stream. */
    private int readVarint() throws IOException {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new CorruptRecordException("compressed records end after " + read + " of " + count);
            }
            raw |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new CorruptRecordException("record length varint is too long");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // Nothing to report: the bytes were already read or rejected, and the codec is released.
        }
    }
}
