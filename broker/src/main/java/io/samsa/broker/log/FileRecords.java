package io.samsa.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.protocol.record.RecordBatch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A segment's {@code .log} file: record batches back to back, byte for byte as produced (with
 * offsets and leader epoch assigned) and as served to consumers. There is no other framing.
 *
 * <p>Threads: one writer appends and truncates; readers read concurrently. {@link #sizeInBytes()}
 * is volatile and set only after the bytes are written, so a reader that bounds itself by it sees
 * whole batches.
 */
final class FileRecords implements Closeable {
    private final FileChannel channel;
    private volatile Path file;
    private volatile int size;

    private FileRecords(Path file, FileChannel channel, int size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /** Opens (creating if asked) the file; its current length is taken as its size. */
    static FileRecords open(Path file, boolean create) throws IOException {
        FileChannel channel = create
                ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long length = channel.size();
        if (length > Integer.MAX_VALUE) {
            channel.close();
            throw new IOException("segment " + file + " is larger than 2 GiB: " + length);
        }
        return new FileRecords(file, channel, (int) length);
    }

    Path file() {
        return file;
    }

    FileChannel channel() {
        return channel;
    }

    int sizeInBytes() {
        return size;
    }

    /**
     * Writes {@code length} bytes of {@code source} from absolute {@code index} at the end of the
     * file, then publishes the new size. Does not change the buffer's indexes or its ownership.
     *
     * @return the file position the bytes start at
     */
    int append(ByteBuf source, int index, int length) throws IOException {
        int position = size;
        if ((long) position + length > Integer.MAX_VALUE) {
            throw new IOException("segment " + file + " would exceed 2 GiB");
        }
        int written = 0;
        while (written < length) {
            written += source.getBytes(index + written, channel, (long) position + written, length - written);
        }
        size = position + length;
        return position;
    }

    /**
     * Reads the header of the batch at {@code position} into {@code scratch} (at least 61 bytes),
     * or returns {@code null} if fewer than a header's bytes lie before {@code limit}.
     */
    BatchHeader readHeader(int position, int limit, ByteBuffer scratch) throws IOException {
        if ((long) position + RecordBatch.HEADER_SIZE > limit) {
            return null;
        }
        scratch.clear().limit(RecordBatch.HEADER_SIZE);
        readFully(scratch, position);
        return BatchHeader.parse(position, scratch);
    }

    /** A heap buffer holding the {@code length} bytes at {@code position}; the caller owns it. */
    ByteBuf read(int position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        readFully(buffer, position);
        return Unpooled.wrappedBuffer(buffer.flip());
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position() - start) < 0) {
                throw new IOException("unexpected end of " + file + " at " + (position + buffer.position() - start));
            }
        }
    }

    FileSlice slice(int position, int length) {
        return length == 0 ? FileSlice.EMPTY : new FileSlice(channel, position, length);
    }

    /** Cuts the file to {@code newSize} bytes (a no-op if it is not larger). */
    void truncateTo(int newSize) throws IOException {
        if (newSize < 0 || newSize > channel.size() && newSize > size) {
            throw new IllegalArgumentException("cannot truncate " + file + " of " + size + " bytes to " + newSize);
        }
        if (channel.size() > newSize) {
            channel.truncate(newSize);
        }
        size = newSize;
    }

    /** fsync: data and the file length. */
    void flush() throws IOException {
        if (channel.isOpen()) {
            channel.force(true);
        }
    }

    void renameTo(Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        file = target;
    }

    /** Closes the file, first cutting off any bytes past the published size (left by a failed append). */
    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen() && channel.size() > size) {
                channel.truncate(size);
            }
        } finally {
            channel.close();
        }
    }

    void closeAndDelete() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }
}
