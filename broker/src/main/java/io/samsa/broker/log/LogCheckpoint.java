package io.samsa.broker.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A partition's durable bookkeeping, {@code log-state.checkpoint} in its directory: the log start
 * offset, the recovery point (everything below it has been fsynced) and the clean-shutdown marker.
 * Kafka keeps these in per-log-dir files; one small file per partition lets a partition be opened,
 * closed or deleted on its own.
 *
 * <p>Format, UTF-8 text: a version line {@code 1}, then {@code logStartOffset N},
 * {@code recoveryPoint N} and {@code cleanShutdown true|false}, one per line. Replaced atomically
 * (temp file, fsync, rename, fsync of the directory). A missing or unreadable file reads as
 * "unclean, recover everything".
 *
 * <p>A clean close writes {@code cleanShutdown true}; opening rewrites it as {@code false} before the
 * first append, so a crash after that is always detected.
 */
record LogCheckpoint(long logStartOffset, long recoveryPoint, boolean cleanShutdown) {
    static final String FILE_NAME = "log-state.checkpoint";
    private static final String VERSION = "1";

    /** The checkpoint in {@code dir}, or {@code null} if there is none or it cannot be parsed. */
    static LogCheckpoint read(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(FILE_NAME), StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).trim().equals(VERSION)) {
                return null;
            }
            Map<String, String> fields = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    fields.put(parts[0], parts[1]);
                }
            }
            return new LogCheckpoint(Long.parseLong(fields.get("logStartOffset")),
                    Long.parseLong(fields.get("recoveryPoint")),
                    Boolean.parseBoolean(fields.get("cleanShutdown")));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Durably replaces the checkpoint in {@code dir}. */
    void write(Path dir) throws IOException {
        Path target = dir.resolve(FILE_NAME);
        Path temp = dir.resolve(FILE_NAME + ".tmp");
        String text = VERSION + "\nlogStartOffset " + logStartOffset + "\nrecoveryPoint " + recoveryPoint
                + "\ncleanShutdown " + cleanShutdown + "\n";
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(dir);
    }

    /** Makes file creations, renames and deletions in {@code dir} durable (a no-op where unsupported). */
    static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or sync a directory; the data files themselves were synced.
        }
    }
}
