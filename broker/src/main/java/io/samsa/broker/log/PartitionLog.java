package io.samsa.broker.log;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.common.Time;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One partition's log: a directory {@code <topic>-<partition>} of {@link LogSegment}s plus its
 * {@link ProducerStateTable} snapshots and {@link LogCheckpoint}. Appends validate batches and give
 * them offsets in place; reads hand out whole batches as zero-copy {@link FileSlice}s.
 *
 * <p><b>Threads.</b> Appends are single-writer: the partition's owner (its replication layer) calls
 * {@link #append}, {@link #truncateTo} and {@link #truncateFullyAndStartAt} from one thread at a time,
 * in log order. A lock inside serializes those against the background work that also changes the
 * segment list (retention, {@link #deleteRecordsBefore}, flushes, close), so that work may run on
 * scheduler threads. Reads ({@link #read}, timestamp lookups, the offset getters) take no lock and
 * run concurrently with everything: they see the log as of the last published log end offset.
 *
 * <p><b>Offsets.</b> {@code logStartOffset <= highWatermark <= logEndOffset}. The high watermark is
 * set from outside ({@link #updateHighWatermark}) by the replication layer; retention and
 * DeleteRecords never go past it.
 */
public final class PartitionLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
    private static final int SNAPSHOTS_TO_KEEP = 3;

    private final Path dir;
    private final Time time;
    private final Scheduler scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private final LogSegments segments;
    private final ProducerStateTable producerState;
    private final LogReader reader;
    private final DeletedSegments deleted;
    /** Guarded by {@link #lock}. */
    private final LeaderEpochCache epochs = new LeaderEpochCache();
    private volatile LogConfig config;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile long highWatermark;
    private final LogDurability durability;
    private long rollJitterMs;
    private volatile boolean closed;

    private PartitionLog(Path dir, LogConfig config, Time time, Scheduler scheduler, LogLoader.Loaded loaded) {
        this.dir = dir;
        this.config = config;
        this.time = time;
        this.scheduler = scheduler;
        this.segments = loaded.segments();
        this.reader = new LogReader(segments);
        this.deleted = new DeletedSegments(scheduler, dir.getFileName().toString());
        this.producerState = loaded.producerState();
        this.logStartOffset = loaded.logStartOffset();
        this.logEndOffset = loaded.logEndOffset();
        this.highWatermark = loaded.logStartOffset();
        this.durability = new LogDurability(dir, segments, time, lock, loaded.recoveryPoint(), () -> closed,
                () -> logStartOffset, () -> logEndOffset);
        this.rollJitterMs = randomJitter(config);
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, recovering it if it was not closed cleanly
     * (see {@link LogLoader}). The high watermark starts at the log start offset.
     *
     * @param scheduler runs the fsync after a roll and delayed file deletions
     */
    public static PartitionLog open(Path dir, LogConfig config, Time time, Scheduler scheduler) throws IOException {
        return new PartitionLog(dir, config, time, scheduler, LogLoader.load(dir, config, time));
    }

    // ---- offsets and state -----------------------------------------------------------------

    public Path dir() {
        return dir;
    }

    /** The partition named by the directory, or {@code null} if its name is not {@code <topic>-<partition>}. */
    public TopicPartition topicPartition() {
        return TopicPartition.fromDirName(dir.getFileName().toString());
    }

    public LogConfig config() {
        return config;
    }

    /** Swaps in a new topic config (AlterConfigs); it applies from the next append or check. */
    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
        for (LogSegment segment : segments.all()) {
            segment.updateIndexInterval(newConfig.indexIntervalBytes());
        }
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    /** The offset the next appended record will get. */
    public long logEndOffset() {
        return logEndOffset;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** Everything below this offset has been fsynced. */
    public long recoveryPoint() {
        return durability.recoveryPoint();
    }

    /**
     * Sets the high watermark (replication decides it), clamped to [log start, log end].
     *
     * @return the value set
     */
    public long updateHighWatermark(long offset) {
        long clamped = Math.max(logStartOffset, Math.min(offset, logEndOffset));
        highWatermark = clamped;
        return clamped;
    }

    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    public int numberOfSegments() {
        return segments.count();
    }

    /** The base offsets of the segments, ascending (for tests and tools). */
    public List<Long> segmentBaseOffsets() {
        return segments.all().stream().map(LogSegment::baseOffset).toList();
    }

    /**
     * The metadata named {@code epoch} the partition's leader epoch: unless the log already knows it or a newer one, it
     * begins at the log end (see {@link LeaderEpochCache}).
     */
    public void assignLeaderEpoch(int epoch) {
        lock.lock();
        try {
            epochs.assign(epoch, logEndOffset);
        } finally {
            lock.unlock();
        }
    }

    /** OffsetForLeaderEpoch: where {@code epoch} ended in this log (see {@link LeaderEpochCache#endOffsetFor}). */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        lock.lock();
        try {
            return epochs.endOffsetFor(epoch, logEndOffset);
        } finally {
            lock.unlock();
        }
    }

    /** Producer state for DescribeProducers and diagnostics; read-only from other threads. */
    public ProducerStateTable producerState() {
        return producerState;
    }

    // ---- append ----------------------------------------------------------------------------

    /** {@link #append(ByteBuf, int, AppendOrigin)} for a client's Produce. */
    public LogAppendInfo append(ByteBuf records, int leaderEpoch) {
        return append(records, leaderEpoch, AppendOrigin.CLIENT);
    }

    /**
     * Validates the batches in {@code records}' readable bytes, gives them consecutive offsets from
     * the log end (and the leader epoch; for LogAppendTime topics the broker's time) by rewriting
     * them in place, and appends them, rolling first if the active segment is full or old. An
     * idempotent producer's retried batch is answered with its original offsets and not written.
     *
     * <p><b>Ownership:</b> the caller owns {@code records} before and after; the log rewrites the
     * batches' offset, epoch (and for LogAppendTime, timestamp and CRC) fields during the call and
     * keeps no reference. Single writer: see the class comment.
     *
     * @return the offsets given, or the protocol error; nothing is written on error
     */
    public LogAppendInfo append(ByteBuf records, int leaderEpoch, AppendOrigin origin) {
        return append(records, leaderEpoch, origin, time.milliseconds());
    }

    /**
     * {@link #append(ByteBuf, int, AppendOrigin)} as of time {@code now} rather than this broker's clock: replicas of
     * a Raft data group append the same entry with the leader's time, so that timestamp checks and LogAppendTime
     * give the same outcome and the same bytes on every replica.
     */
    public LogAppendInfo append(ByteBuf records, int leaderEpoch, AppendOrigin origin, long now) {
        lock.lock();
        try {
            ensureOpen();
            LogConfig cfg = config;
            LogValidator.Analysis analysis = LogValidator.analyze(records, cfg, origin, now);
            if (!analysis.ok()) {
                return LogAppendInfo.failed(analysis.error(), analysis.message(), logStartOffset);
            }
            boolean logAppendTime = cfg.messageTimestampType() == TimestampType.LOG_APPEND_TIME;
            ProducerStateTable.Pending pending = producerState.prepare();
            long firstOffset = logEndOffset;
            ProducerStateTable.Check check = pending.checkAll(analysis.batches(), firstOffset);
            if (check.outcome() != ProducerStateTable.Outcome.APPEND) {
                return LogAppendInfo.answering(check, logAppendTime, logStartOffset);
            }
            long nextOffset = firstOffset + analysis.offsetCount();
            long lastOffset = nextOffset - 1;
            long maxTimestamp = logAppendTime ? now : analysis.maxTimestamp();
            LogSegment segment = maybeRoll(analysis.sizeInBytes(), maxTimestamp, lastOffset, cfg);
            List<BatchHeader> assigned = LogValidator.assignOffsets(records, analysis.batches(), firstOffset, leaderEpoch,
                    logAppendTime ? now : -1L);
            segment.append(records, records.readerIndex(), analysis.sizeInBytes(), assigned);
            pending.commit(nextOffset);
            logEndOffset = nextOffset;
            epochs.appended(leaderEpoch, firstOffset, lastOffset);
            if (durability.onAppend(analysis.recordCount(), cfg.flushMessages())) {
                durability.flush(nextOffset, false);
            }
            return new LogAppendInfo(LogError.NONE, null, firstOffset, lastOffset, logAppendTime ? now : -1L,
                    logStartOffset, analysis.recordCount(), false);
        } catch (IOException e) {
            LOG.error("{}: append failed", dir, e);
            return LogAppendInfo.failed(LogError.KAFKA_STORAGE_ERROR, e.toString(), logStartOffset);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends batches copied from another replica of the partition exactly as they are: offsets, leader epochs and
     * timestamps are kept (a replica catching up beyond the Raft log copies them from the leader). Each batch must be
     * intact (CRC) and start at or after the log end. Producer state follows the batches. Single writer.
     *
     * <p><b>Ownership:</b> the caller owns {@code records}; nothing is kept.
     *
     * @return the new log end offset
     */
    public long appendAsFollower(ByteBuf records) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            int start = records.readerIndex();
            int end = records.writerIndex();
            List<BatchHeader> batches = new ArrayList<>();
            long next = logEndOffset;
            long maxTimestamp = RecordBatch.NO_TIMESTAMP;
            for (int index = start; index < end; ) {
                int size = RecordBatch.sizeOf(records, index);
                if (size < RecordBatch.HEADER_SIZE || size > end - index) {
                    throw new IOException(dir + ": truncated or malformed copied batch at byte " + (index - start));
                }
                RecordBatch batch = RecordBatch.view(records.slice(index, size));
                batch.ensureValid();
                BatchHeader header = BatchHeader.of(index - start, batch);
                if (header.baseOffset() < next) {
                    throw new IOException(dir + ": copied batch at offset " + header.baseOffset() + " is below " + next);
                }
                batches.add(header);
                next = header.nextOffset();
                maxTimestamp = Math.max(maxTimestamp, header.maxTimestamp());
                index += size;
            }
            if (batches.isEmpty()) {
                return logEndOffset;
            }
            LogSegment segment = maybeRoll(end - start, maxTimestamp, next - 1, config);
            segment.append(records, start, end - start, batches);
            for (BatchHeader batch : batches) {
                producerState.replay(batch);
                epochs.appended(batch.partitionLeaderEpoch(), batch.baseOffset(), batch.lastOffset());
            }
            logEndOffset = next;
            return next;
        } catch (RuntimeException e) {
            throw new IOException(dir + ": copied records rejected: " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private LogSegment maybeRoll(int messagesSize, long maxTimestamp, long lastOffset, LogConfig cfg) throws IOException {
        LogSegment active = segments.active();
        if (active.shouldRoll(messagesSize, maxTimestamp, lastOffset, cfg, rollJitterMs)) {
            roll();
            return segments.active();
        }
        return active;
    }

    /**
     * Starts a new active segment at the log end (unless the active one is empty): trims the old
     * one's indexes, snapshots producer state, and fsyncs the old segment in the background, after
     * which the recovery point moves to the new segment's base. Single writer.
     *
     * @return the active segment's base offset
     */
    public long roll() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            LogSegment active = segments.active();
            long newBase = logEndOffset;
            if (active.sizeInBytes() == 0 && active.baseOffset() == newBase) {
                return newBase;
            }
            active.onBecomeInactive();
            LogSegment segment = LogSegment.open(dir, newBase, config, time, true);
            segments.add(segment);
            rollJitterMs = randomJitter(config);
            ProducerStateSnapshot.write(dir, newBase, producerState.activeProducers(), false);
            ProducerStateSnapshot.retainNewest(dir, SNAPSHOTS_TO_KEEP);
            scheduler.scheduleOnce("flush-" + dir.getFileName(), () -> flushQuietly(newBase), 0);
            return newBase;
        } finally {
            lock.unlock();
        }
    }

    private static long randomJitter(LogConfig config) {
        long bound = Math.min(config.segmentJitterMs(), config.segmentMs());
        return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound);
    }

    // ---- reads -----------------------------------------------------------------------------

    /** {@link #read(long, int, long, boolean)} with {@code minOneBatch} true. */
    public FetchDataInfo read(long fetchOffset, int maxBytes, long upperBoundOffset) {
        return read(fetchOffset, maxBytes, upperBoundOffset, true);
    }

    /**
     * Whole batches from the one holding {@code fetchOffset} (a fetch inside a batch returns that
     * whole batch; the client skips the records before its offset), from a single segment, at most
     * {@code maxBytes} (but at least one batch if {@code minOneBatch}, as KIP-74 requires for the
     * first partition of a fetch), and only batches entirely below {@code upperBoundOffset} (the high
     * watermark for consumers, the log end for replicas). Lock-free.
     */
    public FetchDataInfo read(long fetchOffset, int maxBytes, long upperBoundOffset, boolean minOneBatch) {
        long end = logEndOffset;
        long start = logStartOffset;
        long hw = highWatermark;
        if (fetchOffset < start || fetchOffset > end) {
            return FetchDataInfo.outOfRange(hw, start, end);
        }
        try {
            FileSlice slice = reader.read(fetchOffset, maxBytes, Math.min(upperBoundOffset, end), minOneBatch);
            return new FetchDataInfo(LogError.NONE, slice, hw, start, end);
        } catch (IOException e) {
            LOG.error("{}: read at offset {} failed", dir, fetchOffset, e);
            return new FetchDataInfo(LogError.KAFKA_STORAGE_ERROR, FileSlice.EMPTY, hw, start, end);
        }
    }

    /**
     * ListOffsets: for a timestamp {@code >= 0}, the first record (from the log start) whose timestamp
     * is at least it, searching inside batches; for {@code -2} (EARLIEST) the log start offset; for
     * {@code -3} (MAX_TIMESTAMP) the first record holding the largest timestamp. {@link
     * TimestampAndOffset#NONE} if nothing matches. LATEST ({@code -1}) is the caller's: the high
     * watermark or last stable offset. The caller also answers with the high watermark and timestamp
     * -1 when the record found lies at or above it, as Kafka does. Lock-free.
     */
    public TimestampAndOffset fetchOffsetByTimestamp(long timestamp) {
        try {
            if (timestamp == -2L) {
                return reader.earliest(logStartOffset, logEndOffset);
            }
            if (timestamp == -3L) {
                return reader.maxTimestamp();
            }
            if (timestamp < 0) {
                throw new IllegalArgumentException("unsupported ListOffsets timestamp " + timestamp);
            }
            return reader.firstAtOrAfter(timestamp, logStartOffset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- retention and deletion ------------------------------------------------------------

    /**
     * Retention: deletes the oldest whole segments that are past {@code retention.ms} (by their
     * largest timestamp) or beyond {@code retention.bytes}, or wholly below the log start offset, but
     * never at or above the high watermark; advances the log start offset. Called periodically
     * ({@code log.retention.check.interval.ms}) by {@link LogManager}.
     *
     * @return how many segments were deleted
     */
    public int deleteOldSegments() throws IOException {
        LogConfig cfg = config;
        int deleted = deleteSegments(new SegmentDeletion.LogStartBreach(logStartOffset));
        if (cfg.deleteEnabled()) {
            if (cfg.retentionMs() >= 0) {
                deleted += deleteSegments(new SegmentDeletion.RetentionTimeBreach(time.milliseconds(), cfg.retentionMs()));
            }
            if (cfg.retentionBytes() >= 0) {
                deleted += deleteSegments(new SegmentDeletion.RetentionSizeBreach(sizeInBytes(), cfg.retentionBytes()));
            }
        }
        return deleted;
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code offset} (records below it are no longer
     * readable) and deletes the segments wholly below it.
     *
     * @return the new low watermark, or {@code OFFSET_OUT_OF_RANGE} if {@code offset} is above the
     *         high watermark
     */
    public DeleteRecordsResult deleteRecordsBefore(long offset) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (offset < 0 || offset > highWatermark) {
                return new DeleteRecordsResult(LogError.OFFSET_OUT_OF_RANGE, logStartOffset);
            }
            if (offset > logStartOffset) {
                logStartOffset = offset;
                writeCheckpoint(false);
            }
            deleteSegments(new SegmentDeletion.LogStartBreach(logStartOffset));
            return new DeleteRecordsResult(LogError.NONE, logStartOffset);
        } finally {
            lock.unlock();
        }
    }

    private int deleteSegments(SegmentDeletion predicate) throws IOException {
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            List<LogSegment> deletable = SegmentDeletion.oldestDeletable(segments, highWatermark, logEndOffset, predicate);
            if (deletable.isEmpty()) {
                return 0;
            }
            if (deletable.size() == segments.count()) {
                roll();   // a log always has an active segment
            }
            for (LogSegment segment : deletable) {
                segments.remove(segment);
                deleted.add(segment, config.fileDeleteDelayMs());
            }
            logStartOffset = Math.max(logStartOffset, segments.first().baseOffset());
            writeCheckpoint(false);
            LOG.info("{}: deleted {} segment(s) ({}), log start offset now {}", dir, deletable.size(), predicate, logStartOffset);
            return deletable.size();
        } finally {
            lock.unlock();
        }
    }

    // ---- truncation (replication) ------------------------------------------------------------

    /**
     * Removes the batch holding {@code offset} and everything after it, as replication does when a
     * new leader's log diverges. Producer state is rebuilt from the newest snapshot at or below the
     * new end. Single writer.
     *
     * @return the new log end offset
     */
    public long truncateTo(long offset) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (offset >= logEndOffset) {
                return logEndOffset;
            }
            if (offset <= segments.first().baseOffset()) {
                truncateFullyAndStartAt(offset);
                return logEndOffset;
            }
            LogSegment keep = segments.floor(offset);
            for (LogSegment later : segments.above(keep.baseOffset())) {
                segments.remove(later);
                deleted.add(later, config.fileDeleteDelayMs());
            }
            keep.truncateTo(offset);
            keep.resizeIndexesToMax();
            long newEnd = keep.readNextOffset();
            afterTruncation(newEnd);
            ProducerStateTable rebuilt = LogLoader.loadProducerState(dir, segments, newEnd);
            producerState.load(rebuilt.activeProducers(), newEnd);
            return newEnd;
        } finally {
            lock.unlock();
        }
    }

    /** Deletes every segment and starts an empty log at {@code newOffset} (log start = end = HW = new offset). */
    public void truncateFullyAndStartAt(long newOffset) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            List<LogSegment> old = segments.all();
            for (LogSegment segment : old) {
                segments.remove(segment);
                deleted.add(segment, config.fileDeleteDelayMs());
            }
            segments.add(LogSegment.open(dir, newOffset, config, time, true));
            ProducerStateSnapshot.deleteAbove(dir, -1L);
            producerState.clear(newOffset);
            epochs.clear();
            logStartOffset = newOffset;
            afterTruncation(newOffset);
        } finally {
            lock.unlock();
        }
    }

    private void afterTruncation(long newEnd) throws IOException {
        logEndOffset = newEnd;
        epochs.truncateFromEnd(newEnd);
        logStartOffset = Math.min(logStartOffset, newEnd);
        highWatermark = Math.min(highWatermark, newEnd);
        durability.onTruncate(newEnd);
        ProducerStateSnapshot.deleteAbove(dir, newEnd);
        writeCheckpoint(false);
    }

    // ---- durability ------------------------------------------------------------------------

    /** fsyncs everything appended so far and moves the recovery point to the log end. */
    public void flush() throws IOException {
        durability.flush(logEndOffset, false);
    }

    /**
     * fsyncs the record bytes appended so far, for a replication layer that must make them durable before it counts
     * them (a Raft data group, before Ratis fsyncs its own log): only the segment files, and the directory once a
     * segment was added; not the indexes (recovery rebuilds them) nor the recovery point, so it costs one fsync per
     * segment written since the last {@link #flush}. The writer's thread only.
     */
    public void syncRecords() throws IOException {
        durability.syncRecords();
    }

    /** Flushes if {@code flush.ms} has passed since the last flush and something is unflushed (LogManager's flusher). */
    public void flushIfDue() throws IOException {
        if (durability.flushMsDue(config.flushMs())) {
            flush();
        }
    }

    private void flushQuietly(long upTo) {
        try {
            durability.flush(upTo, true);
        } catch (IOException e) {
            LOG.error("{}: flush up to {} failed", dir, upTo, e);
        }
    }

    private void writeCheckpoint(boolean cleanShutdown) throws IOException {
        durability.writeCheckpoint(cleanShutdown);
    }

    /** Forgets idle producers ({@code producer.id.expiration.ms}); called periodically by {@link LogManager}. */
    public int removeExpiredProducers(long expirationMs) {
        lock.lock();
        try {
            return closed ? 0 : producerState.removeExpiredProducers(time.milliseconds(), expirationMs);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("log " + dir + " is closed");
        }
    }

    /**
     * Closes cleanly: fsyncs everything, snapshots producer state at the log end, trims the active
     * segment's indexes and writes the checkpoint with the clean-shutdown marker, so the next open
     * skips recovery. Idempotent.
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long end = logEndOffset;
            ProducerStateSnapshot.write(dir, end, producerState.activeProducers(), true);
            ProducerStateSnapshot.retainNewest(dir, SNAPSHOTS_TO_KEEP);
            durability.flushAllForClose(end);
            closed = true;
            IOException failure = null;
            List<LogSegment> toClose = new ArrayList<>(segments.all());
            for (LogSegment segment : toClose) {
                try {
                    segment.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            deleted.deleteAll();
            if (failure != null) {
                throw failure;
            }
            writeCheckpoint(true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * For {@link LogManager#deleteLog}: refuses further appends and stops all writes to the
     * directory (which is about to be renamed), but keeps the files open so reads in flight finish.
     */
    void closeForDeletion() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Releases the files of a log closed for deletion (after the delete delay). */
    void releaseFiles() {
        lock.lock();
        try {
            for (LogSegment segment : segments.all()) {
                try {
                    segment.closeAndDelete();
                } catch (IOException e) {
                    LOG.debug("{}: releasing segment {}", dir, segment, e);
                }
            }
            deleted.deleteAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "PartitionLog(" + dir.getFileName() + ", start=" + logStartOffset + ", end=" + logEndOffset
                + ", hw=" + highWatermark + ")";
    }
}
