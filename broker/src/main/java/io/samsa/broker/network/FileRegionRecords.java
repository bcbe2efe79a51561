package io.samsa.broker.network;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * The {@code records} of a response body (a fetched partition's) that stay in a segment file: it
 * reports the byte count as its readable bytes, so the generated codec sizes the body and writes
 * the records' length prefix exactly as for real bytes, and the {@link ResponseEncoder} sends
 * {@link #newFileRegion() the file region} in its place, with {@code sendfile} and no copy through
 * the JVM. Its bytes cannot be read: any attempt is a bug (something would be copying the records)
 * and throws {@link UnsupportedOperationException}.
 *
 * <p>Ownership: it owns nothing. The file channel belongs to the log, which keeps a deleted
 * segment's channel open for {@code file.delete.delay.ms}, so the region stays sendable that long.
 * It is not reference counted (its count is always 1 and release frees nothing, like
 * {@code Unpooled.EMPTY_BUFFER}), so a response holding it may be dropped without ceremony.
 * Immutable; safe to share between threads.
 */
public final class FileRegionRecords extends AbstractByteBuf {
    private final FileChannel channel;
    private final long position;
    private final int size;

    /**
     * @param channel  the segment file (not closed by this object, nor by the region it makes)
     * @param position where the records start in the file
     * @param size     their length in bytes, at least 1
     */
    public FileRegionRecords(FileChannel channel, long position, int size) {
        super(size);
        if (size <= 0 || position < 0) {
            throw new IllegalArgumentException("bad file region: position " + position + ", size " + size);
        }
        this.channel = channel;
        this.position = position;
        this.size = size;
        setIndex(0, size);
    }

    /**
     * A new Netty region over the same bytes, for one write. It is a {@link DefaultFileRegion} so
     * the epoll transport uses {@code sendfile(2)} (the NIO one uses {@code FileChannel.transferTo},
     * which does too); releasing it does not close the log's channel.
     */
    public FileRegion newFileRegion() {
        return new LogFileRegion(channel, position, size);
    }

    public FileChannel channel() {
        return channel;
    }

    public long position() {
        return position;
    }

    /** A {@link DefaultFileRegion} that leaves the channel open when released: the log owns it. */
    private static final class LogFileRegion extends DefaultFileRegion {
        LogFileRegion(FileChannel channel, long position, long count) {
            super(channel, position, count);
        }

        @Override
        protected void deallocate() {
            // Deliberately not closing the file: it belongs to the log segment.
        }
    }

    private static UnsupportedOperationException unreadable() {
        return new UnsupportedOperationException("the records of a file region are sent with sendfile, never read");
    }

    // ---- what a writer needs: size and indexes (inherited), identity ---------------------------

    @Override
    public int capacity() {
        return size;
    }

    @Override
    public ByteBuf capacity(int newCapacity) {
        throw new UnsupportedOperationException("a file region's size is fixed");
    }

    @Override
    public ByteBufAllocator alloc() {
        return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    @Deprecated
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    @Override
    public ByteBuf unwrap() {
        return null;
    }

    @Override
    public boolean isDirect() {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "FileRegionRecords(position=" + position + ", size=" + size + ")";
    }

    // ---- not reference counted ----------------------------------------------------------------

    @Override
    public int refCnt() {
        return 1;
    }

    @Override
    public ByteBuf retain() {
        return this;
    }

    @Override
    public ByteBuf retain(int increment) {
        return this;
    }

    @Override
    public ByteBuf touch() {
        return this;
    }

    @Override
    public ByteBuf touch(Object hint) {
        return this;
    }

    @Override
    public boolean release() {
        return false;
    }

    @Override
    public boolean release(int decrement) {
        return false;
    }

    // ---- no byte access -------------------------------------------------------------------------

    @Override
    protected byte _getByte(int index) {
        throw unreadable();
    }

    @Override
    protected short _getShort(int index) {
        throw unreadable();
    }

    @Override
    protected short _getShortLE(int index) {
        throw unreadable();
    }

    @Override
    protected int _getUnsignedMedium(int index) {
        throw unreadable();
    }

    @Override
    protected int _getUnsignedMediumLE(int index) {
        throw unreadable();
    }

    @Override
    protected int _getInt(int index) {
        throw unreadable();
    }

    @Override
    protected int _getIntLE(int index) {
        throw unreadable();
    }

    @Override
    protected long _getLong(int index) {
        throw unreadable();
    }

    @Override
    protected long _getLongLE(int index) {
        throw unreadable();
    }

    @Override
    protected void _setByte(int index, int value) {
        throw unreadable();
    }

    @Override
    protected void _setShort(int index, int value) {
        throw unreadable();
    }

    @Override
    protected void _setShortLE(int index, int value) {
        throw unreadable();
    }

    @Override
    protected void _setMedium(int index, int value) {
        throw unreadable();
    }

    @Override
    protected void _setMediumLE(int index, int value) {
        throw unreadable();
    }

    @Override
    protected void _setInt(int index, int value) {
        throw unreadable();
    }

    @Override
    protected void _setIntLE(int index, int value) {
        throw unreadable();
    }

    @Override
    protected void _setLong(int index, long value) {
        throw unreadable();
    }

    @Override
    protected void _setLongLE(int index, long value) {
        throw unreadable();
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuf dst, int dstIndex, int length) {
        throw unreadable();
    }

    @Override
    public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
        throw unreadable();
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuffer dst) {
        throw unreadable();
    }

    @Override
    public ByteBuf getBytes(int index, OutputStream out, int length) {
        throw unreadable();
    }

    @Override
    public int getBytes(int index, GatheringByteChannel out, int length) {
        throw unreadable();
    }

    @Override
    public int getBytes(int index, FileChannel out, long position, int length) {
        throw unreadable();
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuf src, int srcIndex, int length) {
        throw unreadable();
    }

    @Override
    public ByteBuf setBytes(int index, byte[] src, int srcIndex, int length) {
        throw unreadable();
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuffer src) {
        throw unreadable();
    }

    @Override
    public int setBytes(int index, InputStream in, int length) {
        throw unreadable();
    }

    @Override
    public int setBytes(int index, ScatteringByteChannel in, int length) {
        throw unreadable();
    }

    @Override
    public int setBytes(int index, FileChannel in, long position, int length) {
        throw unreadable();
    }

    @Override
    public ByteBuf copy(int index, int length) {
        throw unreadable();
    }

    @Override
    public int nioBufferCount() {
        return 0;
    }

    @Override
    public ByteBuffer nioBuffer(int index, int length) {
        throw unreadable();
    }

    @Override
    public ByteBuffer internalNioBuffer(int index, int length) {
        throw unreadable();
    }

    @Override
    public ByteBuffer[] nioBuffers(int index, int length) {
        throw unreadable();
    }

    @Override
    public boolean hasArray() {
        return false;
    }

    @Override
    public byte[] array() {
        throw unreadable();
    }

    @Override
    public int arrayOffset() {
        throw unreadable();
    }

    @Override
    public boolean hasMemoryAddress() {
        return false;
    }

    @Override
    public long memoryAddress() {
        throw unreadable();
    }
}
