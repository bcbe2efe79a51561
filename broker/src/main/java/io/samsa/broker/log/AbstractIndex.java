package io.samsa.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A sparse, sorted index of fixed-size entries in a memory-mapped file, shared by {@link OffsetIndex}
 * and {@link TimeIndex}. While its segment is active the file is preallocated to the configured
 * maximum ({@code segment.index.bytes}, rounded down to whole entries) and filled from the front;
 * {@link #trimToValidSize()} shrinks it to the entries written when the segment rolls or closes, so
 * a closed index's length tells how many entries it holds.
 *
 * <p>Threads: one writer (the partition's appender, or loading/recovery) appends and truncates;
 * any number of readers look up concurrently. Entry bytes are written before the volatile entry
 * count that publishes them. Remapping (resize, close) takes the write lock so no reader ever
 * touches an unmapped buffer; lookups take the read lock.
 */
abstract class AbstractIndex implements Closeable {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final long baseOffset;
    private final int entrySize;
    private final int maxIndexSize;
    private volatile Path file;
    private MappedByteBuffer mmap;
    private volatile int entries;
    private int maxEntries;
    private boolean closed;

    /**
     * Opens or creates the index. A new (or empty) file is preallocated to {@code maxIndexSize};
     * an existing one is taken to hold {@code length / entrySize} entries and, if
     * {@code preallocate}, is grown back to {@code maxIndexSize} so it can take more.
     */
    AbstractIndex(Path file, long baseOffset, int maxIndexSize, int entrySize, boolean preallocate) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.maxIndexSize = maxIndexSize;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            int existing = (int) (length / entrySize);
            if (length == 0 || preallocate) {
                raf.setLength(Math.max(roundDown(maxIndexSize), (long) existing * entrySize));
            }
            this.entries = length == 0 ? 0 : existing;
            this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, raf.length());
            this.maxEntries = mmap.capacity() / entrySize;
        }
    }

    private int roundDown(int size) {
        return Math.max(entrySize, size - size % entrySize);
    }

    final long baseOffset() {
        return baseOffset;
    }

    final Path file() {
        return file;
    }

    final int entries() {
        return entries;
    }

    final int maxEntries() {
        return maxEntries;
    }

    final boolean isFull() {
        return entries >= maxEntries;
    }

    final int sizeInBytes() {
        return entries * entrySize;
    }

    /** A relative offset as stored in 4 bytes: the offset minus the segment's base offset. */
    final int relativeOffset(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " is not within 2^31 above base " + baseOffset);
        }
        return (int) relative;
    }

    // ---- for subclasses: reads under the read lock, writes by the single writer -----------

    /** Runs {@code reader} with the mapped buffer and the entry count it may read, under the read lock. */
    final <T> T read(IndexReader<T> reader) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("index " + file + " is closed");
            }
            return reader.read(mmap, entries);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The buffer the writer fills; only the writer may call this, and never after {@link #close()}. */
    final MappedByteBuffer writeBuffer() {
        return mmap;
    }

    /** Publishes a new entry count after the writer has written the entry's bytes. */
    final void setEntries(int count) {
        this.entries = count;
    }

    @FunctionalInterface
    interface IndexReader<T> {
        T read(MappedByteBuffer buffer, int entries);
    }

    /**
     * The slot of the last entry whose key ({@code keyAt(slot)}) is at most {@code target}, or -1
     * if there is none. Keys are increasing in slot order.
     */
    static int largestSlotAtMost(MappedByteBuffer buffer, int entries, long target, SlotKey keyAt) {
        int lo = 0;
        int hi = entries - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keyAt.key(buffer, mid) <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    @FunctionalInterface
    interface SlotKey {
        long key(MappedByteBuffer buffer, int slot);
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /** Forgets every entry past the first {@code count} (a rebuild starts at 0). */
    final void truncateToEntries(int count) {
        if (count < 0 || count > entries) {
            throw new IllegalArgumentException("cannot truncate " + entries + " entries to " + count);
        }
        entries = count;
    }

    /** Shrinks the file to the entries written, as a closed segment's index is stored. */
    final void trimToValidSize() throws IOException {
        resize(entries * entrySize);
    }

    /** Grows the file back to the configured maximum, so a reopened active segment can index more. */
    final void resizeToMax() throws IOException {
        resize(Math.max(roundDown(maxIndexSize), entries * entrySize));
    }

    private void resize(int newSize) throws IOException {
        lock.writeLock().lock();
        try {
            if (closed || mmap.capacity() == newSize) {
                return;
            }
            MappedBuffers.unmap(mmap);
            mmap = null;
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(newSize);
                mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, newSize);
                maxEntries = newSize / entrySize;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Forces the mapped entries to disk. */
    final void flush() {
        lock.readLock().lock();
        try {
            if (!closed) {
                mmap.force();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    final void renameTo(Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        file = target;
    }

    /** Trims the file to its entries and unmaps it. Idempotent. */
    @Override
    public final void close() throws IOException {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            try {
                trimToValidSize();
            } finally {
                closed = true;
                MappedBuffers.unmap(mmap);
                mmap = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Unmaps without trimming and deletes the file. */
    final void closeAndDelete() throws IOException {
        lock.writeLock().lock();
        try {
            closed = true;
            MappedBuffers.unmap(mmap);
            mmap = null;
        } finally {
            lock.writeLock().unlock();
        }
        Files.deleteIfExists(file);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + file + ", entries=" + entries + "/" + maxEntries + ")";
    }
}
