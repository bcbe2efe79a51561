package io.samsa.broker.log;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * A segment's sparse offset index ({@code <baseOffset>.index}): maps the base offset of some of its
 * batches to their byte position in the {@code .log}, one entry per {@code index.interval.bytes}
 * appended. A lookup lands on a batch at or before the target, from which the segment scans forward.
 *
 * <p>On disk: 8-byte entries, big-endian, {@code int32 offset - segmentBaseOffset} then
 * {@code int32 position}, both strictly increasing. Threads as in {@link AbstractIndex}.
 */
final class OffsetIndex extends AbstractIndex {
    static final int ENTRY_SIZE = 8;

    OffsetIndex(Path file, long baseOffset, int maxIndexSize, boolean preallocate) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE, preallocate);
    }

    /**
     * The last entry whose offset is at most {@code targetOffset}, or (base offset, 0) if there is
     * none: where a scan for {@code targetOffset} may start.
     */
    OffsetPosition lookup(long targetOffset) {
        return read((buffer, entries) -> {
            int slot = largestSlotAtMost(buffer, entries, targetOffset, this::offsetAt);
            return slot < 0 ? new OffsetPosition(baseOffset(), 0) : entryAt(buffer, slot);
        });
    }

    /** The last entry, or (base offset, 0) if the index is empty. */
    OffsetPosition lastEntry() {
        return read((buffer, entries) -> entries == 0 ? new OffsetPosition(baseOffset(), 0) : entryAt(buffer, entries - 1));
    }

    /**
     * The last entry at or before byte {@code maxPosition} whose offset is at most {@code maxOffset},
     * or {@code null}: every batch before it lies wholly within {@code maxPosition} and below
     * {@code maxOffset}, so a read may take them all without reading their headers.
     */
    OffsetPosition lastEntryWithin(long maxPosition, long maxOffset) {
        return read((buffer, entries) -> {
            int lo = 0;
            int hi = entries - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (buffer.getInt(mid * ENTRY_SIZE + 4) <= maxPosition && offsetAt(buffer, mid) <= maxOffset) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found < 0 ? null : entryAt(buffer, found);
        });
    }

    private long offsetAt(MappedByteBuffer buffer, int slot) {
        return baseOffset() + buffer.getInt(slot * ENTRY_SIZE);
    }

    private OffsetPosition entryAt(MappedByteBuffer buffer, int slot) {
        return new OffsetPosition(offsetAt(buffer, slot), buffer.getInt(slot * ENTRY_SIZE + 4));
    }

    /**
     * Adds an entry; the writer's only mutation besides truncation.
     *
     * @throws IllegalStateException if the index is full (the segment should have rolled)
     * @throws IllegalArgumentException if the entry does not come after the last one
     */
    void append(long offset, int position) {
        int n = entries();
        if (n >= maxEntries()) {
            throw new IllegalStateException("offset index " + file() + " is full");
        }
        MappedByteBuffer buffer = writeBuffer();
        if (n > 0) {
            OffsetPosition last = entryAt(buffer, n - 1);
            if (offset <= last.offset() || position <= last.position()) {
                throw new IllegalArgumentException("index entry (" + offset + ", " + position
                        + ") does not follow (" + last.offset() + ", " + last.position() + ") in " + file());
            }
        }
        buffer.putInt(n * ENTRY_SIZE, relativeOffset(offset));
        buffer.putInt(n * ENTRY_SIZE + 4, position);
        setEntries(n + 1);
    }

    /** Removes every entry for an offset at or above {@code offset} (the log is cut there). */
    void truncateTo(long offset) {
        int keep = read((buffer, entries) -> largestSlotAtMost(buffer, entries, offset - 1, this::offsetAt) + 1);
        truncateToEntries(keep);
    }

    /**
     * Checks that entries strictly increase and stay inside a log of {@code logSize} bytes.
     *
     * @throws CorruptIndexException naming the first bad entry
     */
    void sanityCheck(long logSize) {
        read((buffer, entries) -> {
            long previousOffset = baseOffset() - 1;
            int previousPosition = -1;
            for (int slot = 0; slot < entries; slot++) {
                OffsetPosition entry = entryAt(buffer, slot);
                if (entry.offset() <= previousOffset || entry.position() <= previousPosition
                        || entry.position() >= logSize || buffer.getInt(slot * ENTRY_SIZE) < 0) {
                    throw new CorruptIndexException("offset index " + file() + " entry " + slot + " " + entry
                            + " is out of order or beyond the log's " + logSize + " bytes");
                }
                previousOffset = entry.offset();
                previousPosition = entry.position();
            }
            return null;
        });
    }
}
