package io.samsa.broker.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetJournalTest {

    private static final PartitionKey A = new PartitionKey(new UUID(1, 2), 0);
    private static final PartitionKey B = new PartitionKey(new UUID(1, 2), 1);

    @TempDir
    Path dir;

    private static List<OffsetJournal.Section> sections(PartitionKey key, long before, long after) {
        return List.of(new OffsetJournal.Section(key, before, after, (int) (after - before) * 10));
    }

    @Test
    void aTornTailIsCutOffOnOpen() throws IOException {
        try (OffsetJournal journal = OffsetJournal.open(dir)) {
            journal.append(1, 1, sections(A, 0, 5));
            journal.append(2, 1, sections(B, 0, 3));
            journal.append(3, 2, sections(A, 5, 9));
            journal.force();
        }
        Path file = dir.resolve(OffsetJournal.FILE_NAME);
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size - 3);
        }
        try (OffsetJournal journal = OffsetJournal.open(dir)) {
            assertEquals(2, journal.lastIndex());
            assertEquals(5, journal.expectedEnd(A));
            assertEquals(3, journal.expectedEnd(B));
            journal.append(3, 3, sections(A, 5, 6));
        }
        try (OffsetJournal journal = OffsetJournal.open(dir)) {
            assertEquals(6, journal.expectedEnd(A), "the record written after the cut is readable");
        }
    }

    @Test
    void truncationForgetsLaterEntriesAndNamesTheirPartitions() throws IOException {
        try (OffsetJournal journal = OffsetJournal.open(dir)) {
            journal.append(1, 1, sections(A, 0, 5));
            journal.append(2, 1, sections(B, 0, 3));
            journal.append(3, 1, sections(A, 5, 9));
            assertEquals(Set.of(B, A), journal.truncateFrom(2));
            assertEquals(5, journal.expectedEnd(A));
            assertEquals(-1, journal.expectedEnd(B), "never appended by the entries kept");
            assertNull(journal.get(2));
            journal.append(2, 2, sections(A, 5, 7));
        }
        try (OffsetJournal journal = OffsetJournal.open(dir)) {
            assertEquals(2, journal.lastIndex());
            assertEquals(7, journal.expectedEnd(A));
        }
    }

    @Test
    void compactionKeepsEveryPartitionsEndAndTheLaterEntries() throws IOException {
        try (OffsetJournal journal = OffsetJournal.open(dir)) {
            journal.append(1, 1, sections(A, 0, 5));
            journal.append(2, 1, sections(B, 0, 3));
            journal.append(3, 1, sections(A, 5, 9));
            journal.compact(2);
            journal.append(4, 1, sections(B, 3, 4));
        }
        try (OffsetJournal journal = OffsetJournal.open(dir)) {
            assertEquals(2, journal.baseIndex());
            assertEquals(9, journal.expectedEnd(A));
            assertEquals(4, journal.expectedEnd(B));
            assertNull(journal.get(1));
            assertEquals(4, journal.lastIndex());
            assertEquals(Set.of(A), journal.truncateFrom(3).stream().filter(A::equals).collect(
                    java.util.stream.Collectors.toSet()));
            assertEquals(5, journal.expectedEnd(A), "back to its end at the base");
        }
    }

    @Test
    void aSkippedSectionSurvivesAReopenAndCountsAsNothingAppended() throws IOException {
        try (OffsetJournal journal = OffsetJournal.open(dir)) {
            journal.append(1, 1, sections(A, 0, 5));
            journal.append(2, 1, List.of(OffsetJournal.Section.skipped(A), OffsetJournal.Section.notAppended(B)));
        }
        try (OffsetJournal journal = OffsetJournal.open(dir)) {
            List<OffsetJournal.Section> read = journal.get(2).sections();
            assertTrue(read.get(0).skipped() && !read.get(0).appended() && !read.get(0).sealed());
            assertTrue(!read.get(1).skipped() && !read.get(1).appended());
            assertEquals(5, journal.expectedEnd(A), "the end of what was appended");
            assertEquals(Set.of(), journal.truncateFrom(2), "nothing to cut back");
        }
    }
}
