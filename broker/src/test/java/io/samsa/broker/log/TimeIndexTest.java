package io.samsa.broker.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeIndexTest {
    @TempDir
    Path dir;

    private static final long BASE = 500;

    private TimeIndex newIndex(int maxEntries) throws IOException {
        return new TimeIndex(dir.resolve("00000000000000000500.timeindex"), BASE, 12 * maxEntries, true);
    }

    @Test
    void keepsOnlyGrowingMaximaAndFindsTheLastEntryBelowATarget() throws IOException {
        try (TimeIndex index = newIndex(16)) {
            assertNull(index.lastEntry());
            index.maybeAppend(1000, BASE + 10, false);
            index.maybeAppend(900, BASE + 20, false);    // not a new maximum: ignored
            index.maybeAppend(1000, BASE + 30, false);   // equal: ignored
            index.maybeAppend(2000, BASE + 40, false);
            index.maybeAppend(3000, BASE + 60, false);
            assertEquals(3, index.entries());
            assertEquals(new TimestampOffset(-1, BASE), index.lookupBefore(1000), "nothing strictly below");
            assertEquals(new TimestampOffset(-1, BASE), index.lookupBefore(0));
            assertEquals(new TimestampOffset(1000, BASE + 10), index.lookupBefore(1001));
            assertEquals(new TimestampOffset(1000, BASE + 10), index.lookupBefore(2000));
            assertEquals(new TimestampOffset(2000, BASE + 40), index.lookupBefore(2001));
            assertEquals(new TimestampOffset(3000, BASE + 60), index.lookupBefore(Long.MAX_VALUE));
            assertEquals(new TimestampOffset(3000, BASE + 60), index.lastEntry());
        }
    }

    @Test
    void replacesTheLastEntryWhenFullOnlyIfAsked() throws IOException {
        try (TimeIndex index = newIndex(2)) {
            index.maybeAppend(10, BASE + 1, false);
            index.maybeAppend(20, BASE + 2, false);
            assertThrows(IllegalStateException.class, () -> index.maybeAppend(30, BASE + 3, false));
            index.maybeAppend(30, BASE + 3, true);
            assertEquals(2, index.entries());
            assertEquals(new TimestampOffset(30, BASE + 3), index.lastEntry());
            assertEquals(new TimestampOffset(10, BASE + 1), index.lookupBefore(30));
        }
    }

    @Test
    void truncatesByOffsetAndSurvivesReopen() throws IOException {
        Path file = dir.resolve("00000000000000000500.timeindex");
        TimeIndex index = newIndex(16);
        for (int i = 1; i <= 5; i++) {
            index.maybeAppend(i * 100L, BASE + i * 10L, false);
        }
        index.truncateTo(BASE + 30);
        assertEquals(2, index.entries());
        index.close();
        assertEquals(24, Files.size(file));
        try (TimeIndex reopened = new TimeIndex(file, BASE, 12 * 16, false)) {
            reopened.sanityCheck();
            assertEquals(new TimestampOffset(200, BASE + 20), reopened.lastEntry());
        }
    }
}
