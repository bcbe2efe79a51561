package io.samsa.broker.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A partition's segments ordered by base offset; the last is the active one. Changed by the
 * partition's writer under the log's lock; readers navigate it concurrently without locking (a
 * {@link ConcurrentSkipListMap}), and may still read a segment removed meanwhile, whose files stay
 * open until its delayed deletion.
 */
final class LogSegments {
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();

    void add(LogSegment segment) {
        segments.put(segment.baseOffset(), segment);
    }

    void remove(LogSegment segment) {
        segments.remove(segment.baseOffset(), segment);
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    int count() {
        return segments.size();
    }

    LogSegment first() {
        Map.Entry<Long, LogSegment> entry = segments.firstEntry();
        return entry == null ? null : entry.getValue();
    }

    LogSegment active() {
        Map.Entry<Long, LogSegment> entry = segments.lastEntry();
        return entry == null ? null : entry.getValue();
    }

    /** The segment that would hold {@code offset}: the last one based at or below it, or {@code null}. */
    LogSegment floor(long offset) {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(offset);
        return entry == null ? null : entry.getValue();
    }

    /** The segment after {@code segment}, or {@code null} if it is the last. */
    LogSegment next(LogSegment segment) {
        Map.Entry<Long, LogSegment> entry = segments.higherEntry(segment.baseOffset());
        return entry == null ? null : entry.getValue();
    }

    /** The segments from the one holding {@code offset} (or the first) to the end, ascending. */
    Collection<LogSegment> from(long offset) {
        Long floor = segments.floorKey(offset);
        return floor == null ? segments.values() : segments.tailMap(floor, true).values();
    }

    /** The segments based strictly above {@code offset}, ascending. */
    List<LogSegment> above(long offset) {
        return new ArrayList<>(segments.tailMap(offset, false).values());
    }

    /** A snapshot of all segments, ascending. */
    List<LogSegment> all() {
        return new ArrayList<>(segments.values());
    }

    long sizeInBytes() {
        long size = 0;
        for (LogSegment segment : segments.values()) {
            size += segment.sizeInBytes();
        }
        return size;
    }
}
