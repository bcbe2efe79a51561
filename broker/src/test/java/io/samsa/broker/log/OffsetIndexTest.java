package io.samsa.broker.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetIndexTest {
    @TempDir
    Path dir;

    private static final long BASE = 1000;

    private OffsetIndex indexWithEntries(int n) throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("00000000000000001000.index"), BASE, 8 * 64, true);
        for (int i = 1; i <= n; i++) {
            index.append(BASE + i * 10L, i * 100);
        }
        return index;
    }

    @Test
    void lookupAtEveryBoundary() throws IOException {
        try (OffsetIndex index = indexWithEntries(20)) {
            assertEquals(new OffsetPosition(BASE, 0), index.lookup(BASE - 5), "below the base");
            for (long target = BASE; target < BASE + 10; target++) {
                assertEquals(new OffsetPosition(BASE, 0), index.lookup(target), "before the first entry: " + target);
            }
            for (int i = 1; i <= 20; i++) {
                long entry = BASE + i * 10L;
                assertEquals(new OffsetPosition(entry, i * 100), index.lookup(entry), "exactly entry " + i);
                assertEquals(new OffsetPosition(entry, i * 100), index.lookup(entry + 9), "just before entry " + (i + 1));
                if (i > 1) {
                    assertEquals(new OffsetPosition(entry - 10, (i - 1) * 100), index.lookup(entry - 1), "just below entry " + i);
                }
            }
            assertEquals(new OffsetPosition(BASE + 200, 2000), index.lookup(Long.MAX_VALUE), "past the last entry");
        }
    }

    @Test
    void preallocatesThenTrimsToItsEntries() throws IOException {
        Path file = dir.resolve("00000000000000001000.index");
        OffsetIndex index = indexWithEntries(3);
        assertEquals(8 * 64, Files.size(file), "preallocated to segment.index.bytes");
        index.close();
        assertEquals(8 * 3, Files.size(file), "trimmed on close");
        try (OffsetIndex reopened = new OffsetIndex(file, BASE, 8 * 64, false)) {
            assertEquals(3, reopened.entries());
            assertEquals(new OffsetPosition(BASE + 20, 200), reopened.lookup(BASE + 25));
        }
        try (OffsetIndex active = new OffsetIndex(file, BASE, 8 * 64, true)) {
            assertEquals(8 * 64, Files.size(file), "a reopened active index grows back");
            active.append(BASE + 40, 400);
            assertEquals(4, active.entries());
        }
    }

    @Test
    void fillsUpAndRefusesOutOfOrderEntries() throws IOException {
        try (OffsetIndex index = new OffsetIndex(dir.resolve("00000000000000001000.index"), BASE, 8 * 4 + 5, true)) {
            assertEquals(4, index.maxEntries(), "rounded down to whole entries");
            for (int i = 1; i <= 4; i++) {
                index.append(BASE + i, i * 10);
            }
            assertTrue(index.isFull());
            assertThrows(IllegalStateException.class, () -> index.append(BASE + 5, 50));
            index.truncateTo(BASE + 4);
            assertThrows(IllegalArgumentException.class, () -> index.append(BASE + 3, 60), "offset must grow");
            assertThrows(IllegalArgumentException.class, () -> index.append(BASE + 9, 30), "position must grow");
        }
    }

    @Test
    void truncateRemovesEntriesAtAndAboveTheOffset() throws IOException {
        try (OffsetIndex index = indexWithEntries(10)) {
            index.truncateTo(BASE + 55);
            assertEquals(5, index.entries());
            assertEquals(new OffsetPosition(BASE + 50, 500), index.lookup(BASE + 99));
            index.truncateTo(BASE + 50);
            assertEquals(4, index.entries());
            index.truncateTo(BASE);
            assertEquals(0, index.entries());
            assertEquals(new OffsetPosition(BASE, 0), index.lookup(BASE + 99));
        }
    }

    @Test
    void sanityCheckRejectsGarbage() throws IOException {
        Path file = dir.resolve("00000000000000001000.index");
        indexWithEntries(4).close();
        try (OffsetIndex index = new OffsetIndex(file, BASE, 8 * 64, false)) {
            index.sanityCheck(10_000);
            assertThrows(CorruptIndexException.class, () -> index.sanityCheck(300), "positions beyond the log");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).putInt(0, 15), 16);   // third entry's offset below the second's
        }
        try (OffsetIndex index = new OffsetIndex(file, BASE, 8 * 64, false)) {
            assertThrows(CorruptIndexException.class, () -> index.sanityCheck(10_000));
        }
    }
}
