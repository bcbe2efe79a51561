package io.samsa.raft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A {@link LocalJournal} snapshot file:
 * <pre>
 *   int32  magic "SJSN"
 *   int8   format version (1)
 *   int64  last included index
 *   int64  term of that index
 *   int32  body length
 *   bytes  body (written by the state machine's SnapshotWriter)
 *   int32  CRC32C of everything above
 * </pre>
 * Written to a temporary file, fsync'd and renamed, so a crash leaves either the old or the new snapshot.
 */
final class JournalSnapshot {

    private static final int MAGIC = 0x534A534E;
    private static final byte VERSION = 1;
    private static final int HEADER_BYTES = 4 + 1 + 8 + 8 + 4;

    /** A snapshot read back: its position in the log and the state machine's bytes. */
    record Loaded(long index, long term, byte[] body) {
        InputStream bodyStream() {
            return new ByteArrayInputStream(body);
        }
    }

    private JournalSnapshot() {
    }

    static Path write(Path dir, long index, long term, ReplicatedStateMachine.SnapshotWriter writer) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writer.writeTo(body);
        byte[] bytes = body.toByteArray();
        ByteBuffer file = ByteBuffer.allocate(HEADER_BYTES + bytes.length + 4);
        file.putInt(MAGIC).put(VERSION).putLong(index).putLong(term).putInt(bytes.length).put(bytes);
        CRC32C crc = new CRC32C();
        crc.update(file.array(), 0, file.position());
        file.putInt((int) crc.getValue()).flip();

        Path target = JournalFiles.snapshot(dir, index);
        Path tmp = target.resolveSibling(target.getFileName() + JournalFiles.TMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (file.hasRemaining()) {
                channel.write(file);
            }
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        JournalFiles.syncDirectory(dir);
        return target;
    }

    /** Reads and verifies a snapshot; throws {@link IOException} when it is damaged. */
    static Loaded read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buf.remaining() < HEADER_BYTES + 4 || buf.getInt() != MAGIC || buf.get() != VERSION) {
            throw new IOException("not a journal snapshot: " + file);
        }
        long index = buf.getLong();
        long term = buf.getLong();
        int length = buf.getInt();
        if (length < 0 || length != buf.remaining() - 4) {
            throw new IOException("journal snapshot " + file + " has a wrong length");
        }
        byte[] body = new byte[length];
        buf.get(body);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        if (buf.getInt() != (int) crc.getValue()) {
            throw new IOException("journal snapshot " + file + " fails its CRC");
        }
        return new Loaded(index, term, body);
    }
}
