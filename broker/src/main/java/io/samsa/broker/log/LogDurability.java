package io.samsa.broker.log;

import io.samsa.broker.common.Time;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * When a partition's data becomes durable: Kafka's flush policy and the recovery point. By default
 * nothing is fsynced on the append path; a roll fsyncs the finished segment in the background and a
 * clean close fsyncs the rest. {@code flush.messages} fsyncs on the append path once that many records
 * are unflushed, and {@code flush.ms} lets {@link LogManager}'s flusher fsync a log that old. Each
 * flush moves the recovery point (everything below it is on disk) and rewrites the
 * {@link LogCheckpoint}.
 *
 * <p>Threads: a flush runs on the writer ({@code flush.messages}) or a scheduler thread (roll,
 * {@code flush.ms}); its fsyncs run outside the log's lock so a background flush never stalls
 * appends, and the recovery point moves under it, never past the log end.
 */
final class LogDurability {
    private final Path dir;
    private final LogSegments segments;
    private final Time time;
    private final ReentrantLock logLock;
    private final BooleanSupplier closed;
    private final LongSupplier logStartOffset;
    private final LongSupplier logEndOffset;
    private final Object checkpointLock = new Object();
    private volatile long recoveryPoint;
    private volatile long lastFlushMs;
    private long unflushedMessages;
    /** The newest segment whose directory entry {@link #syncRecords} has made durable; its caller's thread only. */
    private long directorySyncedFor = Long.MIN_VALUE;

    LogDurability(Path dir, LogSegments segments, Time time, ReentrantLock logLock, long recoveryPoint,
                  BooleanSupplier closed, LongSupplier logStartOffset, LongSupplier logEndOffset) {
        this.dir = dir;
        this.segments = segments;
        this.time = time;
        this.logLock = logLock;
        this.recoveryPoint = recoveryPoint;
        this.closed = closed;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
        this.lastFlushMs = time.milliseconds();
    }

    long recoveryPoint() {
        return recoveryPoint;
    }

    /** Counts appended records (writer, under the log's lock); true if {@code flush.messages} is reached. */
    boolean onAppend(int records, long flushMessages) {
        unflushedMessages += records;
        return unflushedMessages >= flushMessages;
    }

    /** True if {@code flush.ms} has passed since the last flush and something is unflushed. */
    boolean flushMsDue(long flushMs) {
        return flushMs != Long.MAX_VALUE && time.milliseconds() - lastFlushMs >= flushMs
                && logEndOffset.getAsLong() > recoveryPoint;
    }

    /**
     * fsyncs the segments holding offsets below {@code upTo} (and the producer snapshot a roll wrote
     * at {@code upTo}, if asked), then moves the recovery point to {@code upTo}.
     */
    void flush(long upTo, boolean producerSnapshot) throws IOException {
        if (closed.getAsBoolean()) {
            return;
        }
        for (LogSegment segment : segments.from(recoveryPoint)) {
            if (segment.baseOffset() >= upTo) {
                break;
            }
            try {
                segment.flush();
            } catch (ClosedChannelException e) {
                // deleted or truncated away meanwhile: nothing left to make durable
            }
        }
        if (producerSnapshot) {
            ProducerStateSnapshot.fsync(dir, upTo);
        }
        LogCheckpoint.fsyncDirectory(dir);
        logLock.lock();
        try {
            if (closed.getAsBoolean() || upTo > logEndOffset.getAsLong() || upTo <= recoveryPoint) {
                return;
            }
            recoveryPoint = upTo;
            if (upTo == logEndOffset.getAsLong()) {
                unflushedMessages = 0;
            }
            lastFlushMs = time.milliseconds();
        } finally {
            logLock.unlock();
        }
        writeCheckpoint(false);
    }

    /**
     * fsyncs the record bytes of the segments from the recovery point on, and the directory when a segment was added
     * since the last call; leaves the recovery point, the indexes and the checkpoint alone (see
     * {@link PartitionLog#syncRecords}).
     */
    void syncRecords() throws IOException {
        if (closed.getAsBoolean()) {
            return;
        }
        long newestBase = -1;
        for (LogSegment segment : segments.from(recoveryPoint)) {
            try {
                segment.flushRecords();
            } catch (ClosedChannelException e) {
                // deleted or truncated away meanwhile: nothing left to make durable
            }
            newestBase = Math.max(newestBase, segment.baseOffset());
        }
        if (newestBase != directorySyncedFor) {
            LogCheckpoint.fsyncDirectory(dir);
            directorySyncedFor = newestBase;
        }
    }

    /** The log was cut back to {@code newEnd} (under the log's lock). */
    void onTruncate(long newEnd) {
        recoveryPoint = Math.min(recoveryPoint, newEnd);
        unflushedMessages = 0;
    }

    /** fsyncs every segment from the recovery point on and moves it to {@code end} (a clean close, under the lock). */
    void flushAllForClose(long end) throws IOException {
        for (LogSegment segment : segments.from(recoveryPoint)) {
            segment.flush();
        }
        recoveryPoint = end;
    }

    void writeCheckpoint(boolean cleanShutdown) throws IOException {
        synchronized (checkpointLock) {
            new LogCheckpoint(logStartOffset.getAsLong(), recoveryPoint, cleanShutdown).write(dir);
        }
    }
}
