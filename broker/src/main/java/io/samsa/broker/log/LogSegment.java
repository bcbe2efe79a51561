package io.samsa.broker.log;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.common.Time;
import io.samsa.protocol.record.CloseableIterator;
import io.samsa.protocol.record.CorruptRecordException;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One segment of a partition log: the batches from {@code baseOffset} up to the next segment's base,
 * in three files named by the base offset zero-padded to 20 digits: {@code .log} ({@link FileRecords}),
 * {@code .index} ({@link OffsetIndex}) and {@code .timeindex} ({@link TimeIndex}).
 *
 * <p>Threads: the partition's writer appends, truncates, recovers and rolls (under the log's lock);
 * readers translate offsets, read and search timestamps concurrently, bounded by the published size.
 */
final class LogSegment implements Closeable {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String DELETED_SUFFIX = ".deleted";

    private final long baseOffset;
    private final FileRecords log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final Time time;
    private volatile int indexIntervalBytes;
    private volatile long created;
    private int bytesSinceLastIndexEntry;
    private volatile long maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
    private volatile long offsetOfMaxTimestampSoFar;
    /** The first batch's max timestamp (Kafka's roll clock), -1 if none, {@code null} until read. */
    private Long rollingBasedTimestamp;

    private LogSegment(long baseOffset, FileRecords log, OffsetIndex offsetIndex, TimeIndex timeIndex,
                       int indexIntervalBytes, Time time) {
        this.baseOffset = baseOffset;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        this.time = time;
        this.created = time.milliseconds();
        this.offsetOfMaxTimestampSoFar = baseOffset;
    }

    /**
     * Opens the segment's files, creating missing ones. The state derived from the indexes (largest
     * timestamp) is trusted here; the loader checks it with {@link #sanityCheck} or rebuilds it with
     * {@link #recover}.
     *
     * @param active the segment will take appends, so its indexes are grown to their maximum size
     */
    static LogSegment open(Path dir, long baseOffset, LogConfig config, Time time, boolean active) throws IOException {
        String prefix = filenamePrefix(baseOffset);
        FileRecords log = FileRecords.open(dir.resolve(prefix + LOG_SUFFIX), true);
        OffsetIndex offsetIndex = null;
        try {
            offsetIndex = new OffsetIndex(dir.resolve(prefix + INDEX_SUFFIX), baseOffset, config.segmentIndexBytes(), active);
            TimeIndex timeIndex = new TimeIndex(dir.resolve(prefix + TIME_INDEX_SUFFIX), baseOffset,
                    config.segmentIndexBytes(), active);
            LogSegment segment = new LogSegment(baseOffset, log, offsetIndex, timeIndex, config.indexIntervalBytes(), time);
            segment.loadMaxTimestampFromIndex();
            return segment;
        } catch (IOException | RuntimeException e) {
            log.close();
            if (offsetIndex != null) {
                offsetIndex.close();
            }
            throw e;
        }
    }

    /** The 20-digit zero-padded offset that names a segment's files. */
    static String filenamePrefix(long offset) {
        return String.format("%020d", offset);
    }

    long baseOffset() {
        return baseOffset;
    }

    int sizeInBytes() {
        return log.sizeInBytes();
    }

    FileRecords log() {
        return log;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    long maxTimestampSoFar() {
        return maxTimestampSoFar;
    }

    void updateIndexInterval(int bytes) {
        this.indexIntervalBytes = bytes;
    }

    private void loadMaxTimestampFromIndex() {
        TimestampOffset last = timeIndex.lastEntry();
        if (last != null) {
            maxTimestampSoFar = last.timestamp();
            offsetOfMaxTimestampSoFar = last.offset();
        }
        bytesSinceLastIndexEntry = Math.max(0, log.sizeInBytes() - offsetIndex.lastEntry().position());
    }

    // ---- append ----------------------------------------------------------------------------

    /**
     * Appends validated batches (with offsets assigned) and indexes them.
     *
     * @param batches the batches' headers, their positions relative to {@code index}
     */
    void append(ByteBuf records, int index, int length, List<BatchHeader> batches) throws IOException {
        int start = log.append(records, index, length);
        for (BatchHeader batch : batches) {
            observe(batch, start + batch.position());
        }
        if (start == 0 && !batches.isEmpty()) {
            rollingBasedTimestamp = batches.get(0).maxTimestamp();
        }
    }

    /** Tracks the running max timestamp and adds index entries for a batch at file position {@code position}. */
    private void observe(BatchHeader batch, int position) {
        if (batch.maxTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = batch.maxTimestamp();
            offsetOfMaxTimestampSoFar = batch.baseOffset();
        }
        // A full index (possible midway through a multi-batch append) just stops growing; the next
        // append rolls the segment. Scans from the last entry still find every batch.
        if (bytesSinceLastIndexEntry > 0 && bytesSinceLastIndexEntry >= indexIntervalBytes && !offsetIndex.isFull()) {
            offsetIndex.append(batch.baseOffset(), position);
            if (maxTimestampSoFar >= 0 && !timeIndex.isFull()) {
                timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, false);
            }
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batch.sizeInBytes();
    }

    /** Kafka's roll conditions: size, age, a full index, or offsets too far from the base for the index. */
    boolean shouldRoll(int messagesSize, long maxTimestampInMessages, long maxOffsetInMessages,
                       LogConfig config, long rollJitterMs) {
        int size = log.sizeInBytes();
        if (size == 0) {
            return offsetIndex.isFull() || timeIndex.isFull();
        }
        boolean tooBig = size > config.segmentBytes() - messagesSize;
        boolean tooOld = timeWaitedForRoll(time.milliseconds(), maxTimestampInMessages) > config.segmentMs() - rollJitterMs;
        boolean offsetOverflow = maxOffsetInMessages - baseOffset > Integer.MAX_VALUE;
        return tooBig || tooOld || offsetIndex.isFull() || timeIndex.isFull() || offsetOverflow;
    }

    /**
     * How long this segment has been open, as Kafka measures it: from the first batch's timestamp to
     * the incoming batches' largest one, or from the segment's creation if it has no timestamp.
     */
    long timeWaitedForRoll(long now, long maxTimestampInMessages) {
        long first = rollingBasedTimestamp();
        return first >= 0 ? maxTimestampInMessages - first : now - created;
    }

    private long rollingBasedTimestamp() {
        if (rollingBasedTimestamp == null) {
            long first = RecordBatch.NO_TIMESTAMP;
            try {
                BatchHeader header = log.readHeader(0, log.sizeInBytes(), ByteBuffer.allocate(RecordBatch.HEADER_SIZE));
                if (header != null) {
                    first = header.maxTimestamp();
                }
            } catch (IOException e) {
                first = RecordBatch.NO_TIMESTAMP;
            }
            rollingBasedTimestamp = first;
        }
        return rollingBasedTimestamp;
    }

    /** The segment stops taking appends: records its largest timestamp and trims its indexes. */
    void onBecomeInactive() throws IOException {
        appendFinalTimeIndexEntry();
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    private void appendFinalTimeIndexEntry() {
        if (maxTimestampSoFar >= 0) {
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, true);
        }
    }

    /** Grows the indexes back to their maximum so a reopened last segment can take appends. */
    void resizeIndexesToMax() throws IOException {
        offsetIndex.resizeToMax();
        timeIndex.resizeToMax();
    }

    // ---- reads -----------------------------------------------------------------------------

    /**
     * The header of the first batch whose last offset is at least {@code offset}, searching from the
     * index entry at or before it, or {@code null} if the segment has none.
     */
    BatchHeader translateOffset(long offset) throws IOException {
        OffsetPosition start = offsetIndex.lookup(offset);
        ByteBuffer scratch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        int limit = log.sizeInBytes();
        int position = start.position();
        BatchHeader header;
        while ((header = log.readHeader(position, limit, scratch)) != null) {
            if (header.lastOffset() >= offset) {
                return header;
            }
            position += header.sizeInBytes();
        }
        return null;
    }

    /**
     * Whole batches starting with the one that holds {@code startOffset}: at most {@code maxSize}
     * bytes (unless {@code minOneBatch} and the first batch alone is larger), none whose last offset
     * reaches {@code maxOffsetExclusive}. Returns {@code null} if the segment has nothing at or after
     * {@code startOffset}.
     */
    FileSlice read(long startOffset, int maxSize, long maxOffsetExclusive, boolean minOneBatch) throws IOException {
        BatchHeader first = translateOffset(startOffset);
        if (first == null) {
            return null;
        }
        int limit = log.sizeInBytes();
        long maxEnd = Math.min(limit, (long) first.position() + maxSize);
        int end = first.position() + first.sizeInBytes();
        if (first.lastOffset() >= maxOffsetExclusive || end > limit || end > maxEnd && !minOneBatch) {
            return log.slice(first.position(), 0);
        }
        if (end <= maxEnd) {
            // Jump over the batches the index vouches for (within the byte and offset bounds), then
            // read headers only for the last few: a fetch reads one or two headers, not one per batch.
            OffsetPosition jump = offsetIndex.lastEntryWithin(maxEnd, maxOffsetExclusive);
            if (jump != null && jump.position() > end) {
                end = jump.position();
            }
            ByteBuffer scratch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
            BatchHeader header;
            while ((header = log.readHeader(end, limit, scratch)) != null && header.lastOffset() < maxOffsetExclusive
                    && end + (long) header.sizeInBytes() <= maxEnd) {
                end += header.sizeInBytes();
            }
        }
        return log.slice(first.position(), end - first.position());
    }

    /**
     * The first record at or after {@code startingOffset} whose timestamp is at least {@code target},
     * looking inside batches (timestamps within a batch need not be ordered), or {@code null}.
     */
    TimestampAndOffset findOffsetByTimestamp(long target, long startingOffset) throws IOException {
        if (maxTimestampSoFar < target) {
            return null;
        }
        TimestampOffset skipTo = timeIndex.lookupBefore(target);
        int position = offsetIndex.lookup(Math.max(skipTo.offset(), startingOffset)).position();
        ByteBuffer scratch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        int limit = log.sizeInBytes();
        BatchHeader header;
        while ((header = log.readHeader(position, limit, scratch)) != null) {
            if (header.lastOffset() >= startingOffset && header.maxTimestamp() >= target) {
                TimestampAndOffset found = searchBatch(header, target, startingOffset);
                if (found != null) {
                    return found;
                }
            }
            position += header.sizeInBytes();
        }
        return null;
    }

    private TimestampAndOffset searchBatch(BatchHeader header, long target, long startingOffset) throws IOException {
        ByteBuf bytes = log.read(header.position(), header.sizeInBytes());
        try (CloseableIterator<Record> records = RecordBatch.view(bytes).records()) {
            while (records.hasNext()) {
                Record record = records.next();
                if (record.offset() >= startingOffset && record.timestamp() >= target) {
                    return new TimestampAndOffset(record.timestamp(), record.offset(), header.partitionLeaderEpoch());
                }
            }
            return null;
        } finally {
            bytes.release();
        }
    }

    /** The first record holding this segment's largest timestamp (ListOffsets -3), or {@code null} if it has none. */
    TimestampAndOffset maxTimestampAndOffset() throws IOException {
        long maxTimestamp = maxTimestampSoFar;
        if (maxTimestamp < 0) {
            return null;
        }
        BatchHeader header = translateOffset(offsetOfMaxTimestampSoFar);
        if (header == null) {
            return null;
        }
        ByteBuf bytes = log.read(header.position(), header.sizeInBytes());
        try {
            long offset = RecordBatch.view(bytes).offsetOfMaxTimestamp();
            return offset < 0 ? null : new TimestampAndOffset(maxTimestamp, offset, header.partitionLeaderEpoch());
        } finally {
            bytes.release();
        }
    }

    /** The offset after the segment's last batch, or the base offset if it is empty. */
    long readNextOffset() throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        int limit = log.sizeInBytes();
        int position = offsetIndex.lastEntry().position();
        long next = baseOffset;
        BatchHeader header;
        while ((header = log.readHeader(position, limit, scratch)) != null) {
            next = header.nextOffset();
            position += header.sizeInBytes();
        }
        return next;
    }

    /** Retention's notion of age: the largest record timestamp, or the file's mtime if there is none. */
    long largestTimestamp() throws IOException {
        long max = maxTimestampSoFar;
        return max >= 0 ? max : Files.getLastModifiedTime(log.file()).toMillis();
    }

    // ---- recovery and truncation -----------------------------------------------------------

    /**
     * Re-reads every batch, checking framing, magic, CRC and offset continuity, rebuilds both indexes and
     * the largest timestamp, and cuts the file at the first batch that fails (a torn or corrupt
     * tail). {@code onValidBatch} sees each valid batch in order (producer-state replay).
     *
     * @return the number of bytes cut off the end
     */
    int recover(Consumer<BatchHeader> onValidBatch) throws IOException {
        offsetIndex.truncateToEntries(0);
        timeIndex.truncateToEntries(0);
        maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        bytesSinceLastIndexEntry = 0;
        rollingBasedTimestamp = null;
        ByteBuffer scratch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        int limit = log.sizeInBytes();
        int position = 0;
        long nextOffset = baseOffset;
        BatchHeader header;
        while ((header = log.readHeader(position, limit, scratch)) != null
                && isIntact(header, limit, nextOffset)) {
            observe(header, position);
            onValidBatch.accept(header);
            nextOffset = header.nextOffset();
            position += header.sizeInBytes();
        }
        int truncated = limit - position;
        if (truncated > 0) {
            log.truncateTo(position);
        }
        return truncated;
    }

    /**
     * A batch is intact if its framing is sane, it continues the offsets exactly (a segment's batches
     * are contiguous from its base offset, since nothing compacts them; this also catches damage to
     * the base offset, which the CRC does not cover), it lies wholly in the file, and its CRC holds.
     */
    private boolean isIntact(BatchHeader header, int limit, long expectedBaseOffset) throws IOException {
        if (!header.looksValid() || header.baseOffset() != expectedBaseOffset
                || header.lastOffset() - baseOffset > Integer.MAX_VALUE
                || (long) header.position() + header.sizeInBytes() > limit) {
            return false;
        }
        ByteBuf bytes = log.read(header.position(), header.sizeInBytes());
        try {
            RecordBatch.view(bytes).ensureValid();
            return true;
        } catch (CorruptRecordException e) {
            return false;
        } finally {
            bytes.release();
        }
    }

    /**
     * Removes the batch holding {@code offset} and everything after it.
     *
     * @return the number of bytes removed
     */
    int truncateTo(long offset) throws IOException {
        BatchHeader cut = translateOffset(offset);
        if (cut == null) {
            return 0;
        }
        int before = log.sizeInBytes();
        offsetIndex.truncateTo(cut.baseOffset());
        timeIndex.truncateTo(cut.baseOffset());
        log.truncateTo(cut.position());
        bytesSinceLastIndexEntry = Math.max(0, cut.position() - offsetIndex.lastEntry().position());
        if (cut.position() == 0) {
            created = time.milliseconds();
            rollingBasedTimestamp = null;
        }
        recomputeMaxTimestamp();
        return before - cut.position();
    }

    /** Recomputes the largest timestamp from the last time-index entry and the batches after it. */
    private void recomputeMaxTimestamp() throws IOException {
        TimestampOffset last = timeIndex.lastEntry();
        long max = last == null ? RecordBatch.NO_TIMESTAMP : last.timestamp();
        long offsetOfMax = last == null ? baseOffset : last.offset();
        ByteBuffer scratch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        int limit = log.sizeInBytes();
        int position = offsetIndex.lookup(offsetOfMax).position();
        BatchHeader header;
        while ((header = log.readHeader(position, limit, scratch)) != null) {
            if (header.maxTimestamp() > max) {
                max = header.maxTimestamp();
                offsetOfMax = header.baseOffset();
            }
            position += header.sizeInBytes();
        }
        maxTimestampSoFar = max;
        offsetOfMaxTimestampSoFar = offsetOfMax;
    }

    /**
     * Checks the indexes against the log: entries in order and inside it. (A segment that passed
     * its roll or a clean close holds its largest timestamp as the last time-index entry.)
     *
     * @throws CorruptIndexException if an index cannot belong to this log
     */
    void sanityCheck() {
        offsetIndex.sanityCheck(log.sizeInBytes());
        timeIndex.sanityCheck();
    }

    // ---- durability and lifecycle ----------------------------------------------------------

    void flush() throws IOException {
        log.flush();
        offsetIndex.flush();
        timeIndex.flush();
    }

    /** fsyncs the record bytes only (the indexes are rebuilt by recovery if lost). */
    void flushRecords() throws IOException {
        log.flush();
    }

    /** Renames the three files with {@code .deleted} appended, ahead of their delayed removal. */
    void renameToDeleted() throws IOException {
        log.renameTo(log.file().resolveSibling(log.file().getFileName() + DELETED_SUFFIX));
        offsetIndex.renameTo(offsetIndex.file().resolveSibling(offsetIndex.file().getFileName() + DELETED_SUFFIX));
        timeIndex.renameTo(timeIndex.file().resolveSibling(timeIndex.file().getFileName() + DELETED_SUFFIX));
    }

    /** Closes and removes the files (wherever they were renamed to). */
    void closeAndDelete() throws IOException {
        log.closeAndDelete();
        offsetIndex.closeAndDelete();
        timeIndex.closeAndDelete();
    }

    /** Records the final time-index entry, trims the indexes and closes the files. */
    @Override
    public void close() throws IOException {
        try {
            appendFinalTimeIndexEntry();
            offsetIndex.close();
            timeIndex.close();
        } finally {
            log.close();
        }
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + log.sizeInBytes() + ")";
    }
}
