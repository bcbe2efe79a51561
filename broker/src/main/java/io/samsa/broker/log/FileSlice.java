package io.samsa.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A run of whole record batches in a segment file, handed out by {@link PartitionLog#read} without
 * copying a byte: the network layer sends it with {@code sendfile} (a Netty {@code FileRegion} whose
 * {@code transferTo} calls {@link #transferTo}), or copies it with {@link #readInto} where zero-copy
 * is impossible (TLS).
 *
 * <p><b>Ownership:</b> the slice does not own the channel. Never wrap it in Netty's
 * {@code DefaultFileRegion}, which closes the channel when released. The log keeps a deleted
 * segment's channel open for {@code file.delete.delay.ms} (60 s by default), so a slice stays
 * readable for that long after retention removes its segment; a slice of a truncated range may read
 * short. Immutable and thread-safe.
 */
public record FileSlice(FileChannel channel, long position, int sizeInBytes) {
    /** No bytes. */
    public static final FileSlice EMPTY = new FileSlice(null, 0, 0);

    public FileSlice {
        if (sizeInBytes < 0 || position < 0) {
            throw new IllegalArgumentException("bad slice: position " + position + ", size " + sizeInBytes);
        }
    }

    public boolean isEmpty() {
        return sizeInBytes == 0;
    }

    /**
     * Writes up to {@code count} bytes starting {@code offset} bytes into the slice to {@code target}
     * (the kernel copies file to socket), as {@code FileRegion.transferTo} needs.
     *
     * @return the bytes written, possibly fewer than asked
     */
    public long transferTo(WritableByteChannel target, long offset, long count) throws IOException {
        long n = Math.min(count, sizeInBytes - offset);
        if (n <= 0) {
            return 0;
        }
        return channel.transferTo(position + offset, n, target);
    }

    /**
     * Copies the whole slice into {@code target}'s writable bytes (which must have room for it).
     *
     * @throws IOException if the file ends before the slice does (it was truncated meanwhile)
     */
    public void readInto(ByteBuf target) throws IOException {
        int done = 0;
        while (done < sizeInBytes) {
            int n = target.writeBytes(channel, position + done, sizeInBytes - done);
            if (n < 0) {
                throw new IOException("segment ended " + (sizeInBytes - done) + " bytes short of a slice");
            }
            done += n;
        }
    }

    /** A new buffer holding a copy of the slice; the caller owns (and releases) it. */
    public ByteBuf toByteBuf(ByteBufAllocator allocator) {
        ByteBuf buf = allocator.buffer(sizeInBytes, sizeInBytes);
        try {
            readInto(buf);
            return buf;
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /** Copies the slice into a new heap {@link ByteBuffer} (for tests and tools). */
    public ByteBuffer toByteBuffer() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(sizeInBytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("segment ended before the slice did");
            }
        }
        return buffer.flip();
    }
}
