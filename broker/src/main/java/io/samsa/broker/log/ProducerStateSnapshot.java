package io.samsa.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The producer-state snapshot files of a partition directory: {@code <offset>.snapshot}, the
 * {@link ProducerStateTable} as it was when the log ended at {@code offset} (20 digits, like segments).
 *
 * <p>Format (big-endian): {@code int16 version (1)}, {@code int32 crc} (CRC32C of everything after
 * it), {@code int32 producerCount}, then per producer {@code int64 producerId, int16 epoch,
 * int64 lastTimestamp, int32 batchCount} and per batch {@code int32 firstSeq, int32 lastSeq,
 * int64 firstOffset, int64 lastOffset, int64 timestamp}. Written to a temporary file, fsynced, then
 * renamed into place, so a snapshot is whole or absent; a file that fails its CRC is ignored.
 *
 * <p>Stateless; called by the partition's writer.
 */
final class ProducerStateSnapshot {
    static final String SUFFIX = ".snapshot";
    private static final short VERSION = 1;
    private static final int PRODUCER_SIZE = 8 + 2 + 8 + 4;
    private static final int BATCH_SIZE = 4 + 4 + 8 + 8 + 8;

    private ProducerStateSnapshot() {
    }

    static Path file(Path dir, long offset) {
        return dir.resolve(LogSegment.filenamePrefix(offset) + SUFFIX);
    }

    private static ByteBuffer serialize(Collection<ProducerStateEntry> entries) {
        int size = 2 + 4 + 4;
        for (ProducerStateEntry entry : entries) {
            size += PRODUCER_SIZE + entry.batches().size() * BATCH_SIZE;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putShort(VERSION).putInt(0).putInt(entries.size());
        for (ProducerStateEntry entry : entries) {
            buffer.putLong(entry.producerId()).putShort(entry.producerEpoch()).putLong(entry.lastTimestamp())
                    .putInt(entry.batches().size());
            for (BatchMetadata batch : entry.batches()) {
                buffer.putInt(batch.firstSeq()).putInt(batch.lastSeq()).putLong(batch.firstOffset())
                        .putLong(batch.lastOffset()).putLong(batch.timestamp());
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 6, size - 6);
        buffer.putInt(2, (int) crc.getValue());
        return buffer.flip();
    }

    /**
     * Writes the table's entries as the snapshot at {@code offset}: a temporary file renamed into
     * place, fsynced first if {@code sync}. A roll writes unsynced under the log's lock (so a
     * truncation can never race with it) and {@link #fsync} follows in the background; a snapshot
     * torn by a crash fails its CRC and is ignored.
     */
    static void write(Path dir, long offset, Collection<ProducerStateEntry> entries, boolean sync) throws IOException {
        Path target = file(dir, offset);
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = serialize(entries);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (sync) {
                channel.force(true);
            }
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** fsyncs the snapshot at {@code offset} if it (still) exists. */
    static void fsync(Path dir, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file(dir, offset), StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (java.nio.file.NoSuchFileException e) {
            // truncated or retained away meanwhile
        }
    }

    /**
     * Reads a snapshot.
     *
     * @throws IOException if it is unreadable, of an unknown version, or fails its CRC
     */
    static List<ProducerStateEntry> read(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
        try {
            short version = buffer.getShort();
            if (version != VERSION) {
                throw new IOException("unknown producer snapshot version " + version + " in " + file);
            }
            int storedCrc = buffer.getInt();
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), 6, buffer.limit() - 6);
            if ((int) crc.getValue() != storedCrc) {
                throw new IOException("producer snapshot " + file + " fails its CRC");
            }
            int count = buffer.getInt();
            List<ProducerStateEntry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long producerId = buffer.getLong();
                short epoch = buffer.getShort();
                long lastTimestamp = buffer.getLong();
                int batchCount = buffer.getInt();
                List<BatchMetadata> batches = new ArrayList<>(batchCount);
                for (int b = 0; b < batchCount; b++) {
                    batches.add(new BatchMetadata(buffer.getInt(), buffer.getInt(), buffer.getLong(), buffer.getLong(),
                            buffer.getLong()));
                }
                entries.add(new ProducerStateEntry(producerId, epoch, batches, lastTimestamp));
            }
            return entries;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("producer snapshot " + file + " is truncated", e);
        }
    }

    /** The snapshot files in {@code dir} by offset, ascending. */
    static TreeMap<Long, Path> list(Path dir) throws IOException {
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    snapshots.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), file);
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
        }
        return snapshots;
    }

    /** Deletes the snapshots above {@code offset} (they describe log that no longer exists). */
    static void deleteAbove(Path dir, long offset) throws IOException {
        for (Path file : list(dir).tailMap(offset, false).values()) {
            Files.deleteIfExists(file);
        }
    }

    /** Keeps only the newest {@code keep} snapshots. */
    static void retainNewest(Path dir, int keep) throws IOException {
        TreeMap<Long, Path> snapshots = list(dir);
        while (snapshots.size() > keep) {
            Files.deleteIfExists(snapshots.pollFirstEntry().getValue());
        }
    }
}
