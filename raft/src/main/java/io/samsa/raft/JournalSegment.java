package io.samsa.raft;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One segment file of a {@link LocalJournal}: an append-only sequence of frames
 * <pre>
 *   int32  payload length
 *   int32  CRC32C of (index, term, payload)
 *   int64  index      (consecutive within the journal)
 *   int64  term
 *   bytes  payload
 * </pre>
 * all big-endian. A frame is valid only when complete, its CRC matches and its index is the next one expected; a
 * scan stops at the first invalid frame, which on the last segment is a torn tail to truncate.
 *
 * <p>Confined to the journal's writer thread once open.
 */
final class JournalSegment implements Closeable {

    static final int HEADER_BYTES = 24;
    static final int MAX_ENTRY_BYTES = 64 << 20;

    /** An entry as stored. */
    record Entry(long index, long term, byte[] payload) {
    }

    /** What a scan found: the bytes of valid frames, the last valid index, and whether invalid bytes followed. */
    record Scan(long validBytes, long lastIndex, boolean torn) {
    }

    @FunctionalInterface
    interface EntryConsumer {
        void accept(Entry entry) throws IOException;
    }

    private final Path path;
    private final long firstIndex;
    private final FileChannel channel;
    private long size;

    private JournalSegment(Path path, long firstIndex, FileChannel channel, long size) {
        this.path = path;
        this.firstIndex = firstIndex;
        this.channel = channel;
        this.size = size;
    }

    static JournalSegment create(Path path, long firstIndex) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new JournalSegment(path, firstIndex, channel, 0);
    }

    /** Opens an existing segment for appending after its first {@code validBytes}; anything beyond is cut off. */
    static JournalSegment openForAppend(Path path, long firstIndex, long validBytes) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
        if (channel.size() > validBytes) {
            channel.truncate(validBytes);
            channel.force(true);
        }
        channel.position(validBytes);
        return new JournalSegment(path, firstIndex, channel, validBytes);
    }

    /**
     * Reads the valid frames of a segment, in order, starting with index {@code expectedFirstIndex}.
     * Entries are passed to {@code consumer}; the scan stops at end of file or at the first invalid frame.
     */
    static Scan scan(Path path, long expectedFirstIndex, EntryConsumer consumer) throws IOException {
        long position = 0;
        long expected = expectedFirstIndex;
        long fileSize = Files.size(path);
        try (InputStream raw = Files.newInputStream(path);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024))) {
            while (position < fileSize) {
                Entry entry = readFrame(in, fileSize - position, expected);
                if (entry == null) {
                    return new Scan(position, expected - 1, true);
                }
                consumer.accept(entry);
                position += HEADER_BYTES + entry.payload().length;
                expected++;
            }
        }
        return new Scan(position, expected - 1, false);
    }

    private static Entry readFrame(DataInputStream in, long remaining, long expectedIndex) throws IOException {
        if (remaining < HEADER_BYTES) {
            return null;
        }
        int length = in.readInt();
        int crc = in.readInt();
        long index = in.readLong();
        long term = in.readLong();
        if (length < 0 || length > MAX_ENTRY_BYTES || length > remaining - HEADER_BYTES || index != expectedIndex) {
            return null;
        }
        byte[] payload = new byte[length];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            return null;
        }
        return crc == checksum(index, term, payload) ? new Entry(index, term, payload) : null;
    }

    /** Writes entries after the current end; durable only after {@link #sync()}. */
    void append(List<Entry> entries) throws IOException {
        int total = 0;
        for (Entry e : entries) {
            total += HEADER_BYTES + e.payload().length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(total);
        for (Entry e : entries) {
            buffer.putInt(e.payload().length)
                    .putInt(checksum(e.index(), e.term(), e.payload()))
                    .putLong(e.index())
                    .putLong(e.term())
                    .put(e.payload());
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        size += total;
    }

    void sync() throws IOException {
        channel.force(false);
    }

    long size() {
        return size;
    }

    long firstIndex() {
        return firstIndex;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static int checksum(long index, long term, byte[] payload) {
        CRC32C crc = new CRC32C();
        ByteBuffer header = ByteBuffer.allocate(16).putLong(index).putLong(term).flip();
        crc.update(header);
        crc.update(payload);
        return (int) crc.getValue();
    }
}
