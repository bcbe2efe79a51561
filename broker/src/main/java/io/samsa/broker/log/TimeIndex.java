package io.samsa.broker.log;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * A segment's sparse time index ({@code <baseOffset>.timeindex}). An entry {@code (T, O)} says the
 * largest timestamp in the segment's batches before offset {@code O} is below {@code T}, and the
 * batch at {@code O} reaches {@code T}: every earlier batch is older than {@code T}. Entries are added
 * with the offset index, only when the running maximum grew, and once more when the segment rolls
 * or closes, so the last entry holds the segment's largest timestamp.
 *
 * <p>A search for the first record with timestamp {@code >= target} may skip the batches before
 * the {@code O} of the last entry with {@code T < target}, then scans forward.
 *
 * <p>On disk: 12-byte entries, big-endian, {@code int64 timestamp} then {@code int32 offset -
 * segmentBaseOffset}, both strictly increasing. Threads as in {@link AbstractIndex}.
 */
final class TimeIndex extends AbstractIndex {
    static final int ENTRY_SIZE = 12;

    TimeIndex(Path file, long baseOffset, int maxIndexSize, boolean preallocate) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE, preallocate);
    }

    /** The last entry with a timestamp strictly below {@code target}, or (-1, base offset) if there is none. */
    TimestampOffset lookupBefore(long target) {
        return read((buffer, entries) -> {
            int slot = target == Long.MIN_VALUE ? -1 : largestSlotAtMost(buffer, entries, target - 1, TimeIndex::timestampAt);
            return slot < 0 ? new TimestampOffset(-1, baseOffset()) : entryAt(buffer, slot);
        });
    }

    /** The last entry (the segment's largest timestamp so far), or {@code null} if there is none. */
    TimestampOffset lastEntry() {
        return read((buffer, entries) -> entries == 0 ? null : entryAt(buffer, entries - 1));
    }

    private static long timestampAt(MappedByteBuffer buffer, int slot) {
        return buffer.getLong(slot * ENTRY_SIZE);
    }

    private TimestampOffset entryAt(MappedByteBuffer buffer, int slot) {
        return new TimestampOffset(timestampAt(buffer, slot), baseOffset() + buffer.getInt(slot * ENTRY_SIZE + 8));
    }

    /**
     * Adds {@code (timestamp, offset)} if {@code timestamp} is above the last entry's. When the index
     * is full, {@code replaceLastIfFull} overwrites the last entry instead (used for the final entry
     * at roll; the lost entry only makes later searches start a little earlier).
     *
     * @throws IllegalStateException if the index is full and {@code replaceLastIfFull} is false
     */
    void maybeAppend(long timestamp, long offset, boolean replaceLastIfFull) {
        int n = entries();
        MappedByteBuffer buffer = writeBuffer();
        if (n > 0) {
            TimestampOffset last = entryAt(buffer, n - 1);
            if (timestamp <= last.timestamp()) {
                return;
            }
            if (offset < last.offset()) {
                throw new IllegalArgumentException("time index entry (" + timestamp + ", " + offset
                        + ") goes back from " + last + " in " + file());
            }
        }
        int slot = n;
        if (n >= maxEntries()) {
            if (!replaceLastIfFull) {
                throw new IllegalStateException("time index " + file() + " is full");
            }
            if (n == 0) {
                return;
            }
            slot = n - 1;
            if (slot > 0 && entryAt(buffer, slot - 1).offset() == offset) {
                return;
            }
        } else if (n > 0 && entryAt(buffer, n - 1).offset() == offset) {
            slot = n - 1;   // the batch at the last entry's offset grew the maximum again: raise it in place
        }
        buffer.putLong(slot * ENTRY_SIZE, timestamp);
        buffer.putInt(slot * ENTRY_SIZE + 8, relativeOffset(offset));
        setEntries(slot + 1);
    }

    /** Removes every entry for an offset at or above {@code offset} (the log is cut there). */
    void truncateTo(long offset) {
        int keep = read((buffer, entries) ->
                largestSlotAtMost(buffer, entries, offset - 1, (b, slot) -> entryAt(b, slot).offset()) + 1);
        truncateToEntries(keep);
    }

    /**
     * Checks that timestamps and offsets strictly increase.
     *
     * @throws CorruptIndexException naming the first bad entry
     */
    void sanityCheck() {
        read((buffer, entries) -> {
            TimestampOffset previous = null;
            for (int slot = 0; slot < entries; slot++) {
                TimestampOffset entry = entryAt(buffer, slot);
                if (buffer.getInt(slot * ENTRY_SIZE + 8) < 0 || previous != null
                        && (entry.timestamp() <= previous.timestamp() || entry.offset() <= previous.offset())) {
                    throw new CorruptIndexException("time index " + file() + " entry " + slot + " " + entry
                            + " does not follow " + previous);
                }
                previous = entry;
            }
            return null;
        });
    }
}
