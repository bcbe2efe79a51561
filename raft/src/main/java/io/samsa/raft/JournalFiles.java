package io.samsa.raft;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * File naming inside a {@link LocalJournal} directory: {@code journal-<20-digit first index>.log} segments and
 * {@code snapshot-<20-digit last index>.snap} snapshots, so that a plain name sort is index order.
 */
final class JournalFiles {

    private static final String JOURNAL_PREFIX = "journal-";
    private static final String JOURNAL_SUFFIX = ".log";
    private static final String SNAPSHOT_PREFIX = "snapshot-";
    private static final String SNAPSHOT_SUFFIX = ".snap";
    static final String TMP_SUFFIX = ".tmp";

    private JournalFiles() {
    }

    static Path journal(Path dir, long firstIndex) {
        return dir.resolve(JOURNAL_PREFIX + String.format("%020d", firstIndex) + JOURNAL_SUFFIX);
    }

    static Path snapshot(Path dir, long lastIndex) {
        return dir.resolve(SNAPSHOT_PREFIX + String.format("%020d", lastIndex) + SNAPSHOT_SUFFIX);
    }

    static List<Path> journals(Path dir) throws IOException {
        return list(dir, JOURNAL_PREFIX, JOURNAL_SUFFIX);
    }

    /** Snapshots, oldest first. */
    static List<Path> snapshots(Path dir) throws IOException {
        return list(dir, SNAPSHOT_PREFIX, SNAPSHOT_SUFFIX);
    }

    static long journalFirstIndex(Path file) {
        return index(file, JOURNAL_PREFIX, JOURNAL_SUFFIX).orElseThrow();
    }

    static long snapshotIndex(Path file) {
        return index(file, SNAPSHOT_PREFIX, SNAPSHOT_SUFFIX).orElseThrow();
    }

    /** Removes temporary files left by a crash in the middle of writing a snapshot. */
    static void deleteTemporaries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(TMP_SUFFIX)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Makes renames and creations in {@code dir} durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static List<Path> list(Path dir, String prefix, String suffix) throws IOException {
        List<Path> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> index(p, prefix, suffix).isPresent()).sorted().forEach(result::add);
        }
        return result;
    }

    private static Optional<Long> index(Path file, String prefix, String suffix) {
        String name = file.getFileName().toString();
        if (!name.startsWith(prefix) || !name.endsWith(suffix)
                || name.length() != prefix.length() + 20 + suffix.length()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(name.substring(prefix.length(), prefix.length() + 20)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
