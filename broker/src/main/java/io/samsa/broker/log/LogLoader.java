package io.samsa.broker.log;

import io.samsa.broker.common.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Opens a partition directory and brings it to a consistent state (Kafka's {@code LogLoader}).
 *
 * <ol>
 *   <li>Removes leftovers: {@code *.deleted} segment files awaiting removal and {@code *.tmp} files.</li>
 *   <li>Opens every {@code <20 digits>.log} with its indexes.</li>
 *   <li>After a clean shutdown (the checkpoint's marker), trusts the data and only sanity-checks the
 *       indexes. Otherwise every segment from the one holding the recovery point onwards is
 *       {@linkplain LogSegment#recover recovered}: each batch's length, magic, CRC and offset order is
 *       checked (offsets must continue exactly from the previous batch), the indexes are rebuilt, and
 *       the file is cut at the first batch that fails; the segments after a cut are deleted (as in
 *       Kafka) because the log cannot have a hole. Batches before the cut are never touched. A
 *       segment with a missing or inconsistent index, or that does not end where the next one
 *       begins, is recovered the same way wherever it lies.</li>
 *   <li>Loads the newest producer-state snapshot at or below the log end and replays the batch
 *       headers after it.</li>
 *   <li>fsyncs what recovery changed, then writes the checkpoint with the clean marker cleared, so a
 *       crash from here on is detected at the next start.</li>
 * </ol>
 *
 * <p>Runs on the thread opening the log, before anyone else can see it.
 */
final class LogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    /** A loaded partition: its segments (the last active) and offsets. */
    record Loaded(LogSegments segments, long logStartOffset, long recoveryPoint, long logEndOffset,
                  ProducerStateTable producerState, boolean cleanShutdown) { }

    private LogLoader() {
    }

    static Loaded load(Path dir, LogConfig config, Time time) throws IOException {
        Files.createDirectories(dir);
        removeLeftovers(dir);
        LogCheckpoint checkpoint = LogCheckpoint.read(dir);
        boolean clean = checkpoint != null && checkpoint.cleanShutdown();
        TreeMap<Long, Path> logFiles = listSegmentBaseOffsets(dir);
        if (logFiles.isEmpty()) {
            long base = checkpoint == null ? 0L : Math.max(0L, checkpoint.logStartOffset());
            logFiles.put(base, null);
        }
        LogSegments segments = new LogSegments();
        long lastBase = logFiles.lastKey();
        try {
            Set<Long> missingIndexes = new HashSet<>();
            for (long base : logFiles.keySet()) {
                String prefix = LogSegment.filenamePrefix(base);
                if (!Files.exists(dir.resolve(prefix + LogSegment.INDEX_SUFFIX))
                        || !Files.exists(dir.resolve(prefix + LogSegment.TIME_INDEX_SUFFIX))) {
                    missingIndexes.add(base);
                }
                segments.add(LogSegment.open(dir, base, config, time, base == lastBase));
            }
            long recoverFrom = Long.MAX_VALUE;
            if (!clean) {
                LogSegment recoveryStart = segments.floor(checkpoint == null ? 0L : checkpoint.recoveryPoint());
                recoverFrom = recoveryStart == null ? Long.MIN_VALUE : recoveryStart.baseOffset();
            }
            boolean changed = recoverSegments(dir, segments, recoverFrom, missingIndexes);
            long logEndOffset = segments.active().readNextOffset();
            long logStartOffset = Math.max(segments.first().baseOffset(),
                    Math.min(checkpoint == null ? 0L : checkpoint.logStartOffset(), logEndOffset));
            ProducerStateTable producerState = loadProducerState(dir, segments, logEndOffset);
            if (changed) {
                for (LogSegment segment : segments.all()) {
                    segment.flush();
                }
            }
            LogCheckpoint.fsyncDirectory(dir);
            new LogCheckpoint(logStartOffset, logEndOffset, false).write(dir);
            return new Loaded(segments, logStartOffset, logEndOffset, logEndOffset, producerState, clean);
        } catch (IOException | RuntimeException e) {
            for (LogSegment segment : segments.all()) {
                try {
                    segment.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static void removeLeftovers(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(LogSegment.DELETED_SUFFIX) || name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** The segments' base offsets (from the {@code .log} names); index files without a log are deleted. */
    private static TreeMap<Long, Path> listSegmentBaseOffsets(Path dir) throws IOException {
        TreeMap<Long, Path> logs = new TreeMap<>();
        TreeMap<Long, Path> indexes = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                for (String suffix : List.of(LogSegment.LOG_SUFFIX, LogSegment.INDEX_SUFFIX, LogSegment.TIME_INDEX_SUFFIX)) {
                    Long base = parseBaseOffset(name, suffix);
                    if (base != null) {
                        (suffix.equals(LogSegment.LOG_SUFFIX) ? logs : indexes).put(base, file);
                    }
                }
            }
        }
        for (Map.Entry<Long, Path> index : indexes.entrySet()) {
            if (!logs.containsKey(index.getKey())) {
                Files.deleteIfExists(index.getValue());
            }
        }
        return logs;
    }

    private static Long parseBaseOffset(String name, String suffix) {
        if (!name.endsWith(suffix) || name.length() != 20 + suffix.length()) {
            return null;
        }
        try {
            return Long.parseLong(name.substring(0, 20));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Recovers the segments from {@code recoverFrom} on, and any other whose indexes are missing or
     * fail their sanity check, or which does not end where the next segment begins; returns true if
     * anything was rebuilt or cut. A segment that was cut, or still leaves a gap before the next one,
     * ends the log: the segments after it are deleted.
     */
    private static boolean recoverSegments(Path dir, LogSegments segments, long recoverFrom, Set<Long> missingIndexes)
            throws IOException {
        boolean changed = false;
        for (LogSegment segment : segments.all()) {
            LogSegment next = segments.next(segment);
            boolean needsRecovery = segment.baseOffset() >= recoverFrom || missingIndexes.contains(segment.baseOffset())
                    || !passesSanityCheck(segment) || next != null && segment.readNextOffset() != next.baseOffset();
            if (!needsRecovery) {
                continue;
            }
            changed = true;
            segment.resizeIndexesToMax();
            int truncated = segment.recover(batch -> { });
            boolean gap = next != null && segment.readNextOffset() != next.baseOffset();
            if (truncated > 0 || gap) {
                LOG.warn("{}: segment {} ends at a torn or corrupt batch ({} bytes cut); the log ends there", dir,
                        segment.baseOffset(), truncated);
                deleteSegmentsAfter(segments, segment);
                return true;
            }
            if (next != null) {
                segment.onBecomeInactive();
            }
        }
        return changed;
    }

    private static boolean passesSanityCheck(LogSegment segment) {
        try {
            segment.sanityCheck();
            return true;
        } catch (CorruptIndexException e) {
            LOG.warn("rebuilding indexes of segment {}: {}", segment, e.getMessage());
            return false;
        }
    }

    private static void deleteSegmentsAfter(LogSegments segments, LogSegment segment) throws IOException {
        for (LogSegment later : segments.above(segment.baseOffset())) {
            LOG.warn("deleting segment {} after a corrupt segment", later);
            segments.remove(later);
            later.closeAndDelete();
        }
    }

    /** The newest readable snapshot at or below the log end, brought up to date by replaying the batches after it. */
    static ProducerStateTable loadProducerState(Path dir, LogSegments segments, long logEndOffset) throws IOException {
        ProducerStateSnapshot.deleteAbove(dir, logEndOffset);
        ProducerStateTable table = new ProducerStateTable(segments.first().baseOffset());
        TreeMap<Long, Path> snapshots = ProducerStateSnapshot.list(dir);
        for (Map.Entry<Long, Path> snapshot : snapshots.descendingMap().entrySet()) {
            try {
                table.load(ProducerStateSnapshot.read(snapshot.getValue()), snapshot.getKey());
                break;
            } catch (IOException e) {
                LOG.warn("ignoring producer snapshot: {}", e.getMessage());
                Files.deleteIfExists(snapshot.getValue());
            }
        }
        replay(table, segments, logEndOffset);
        return table;
    }

    private static void replay(ProducerStateTable table, LogSegments segments, long logEndOffset) throws IOException {
        long from = Math.max(table.mapEndOffset(), segments.first().baseOffset());
        ByteBuffer scratch = ByteBuffer.allocate(io.samsa.protocol.record.RecordBatch.HEADER_SIZE);
        for (LogSegment segment : segments.from(from)) {
            BatchHeader first = segment.translateOffset(from);
            int position = first == null ? segment.sizeInBytes() : first.position();
            int limit = segment.sizeInBytes();
            BatchHeader header;
            while ((header = segment.log().readHeader(position, limit, scratch)) != null) {
                table.replay(header);
                position += header.sizeInBytes();
            }
        }
        table.setMapEndOffset(logEndOffset);
    }
}
