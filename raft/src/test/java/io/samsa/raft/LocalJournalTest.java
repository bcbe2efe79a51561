package io.samsa.raft;

import static io.samsa.raft.RecordingStateMachine.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalJournalTest {

    @TempDir
    Path dir;

    @Test
    void appliesEntriesInOrderAndReturnsTheirResults() throws Exception {
        RecordingStateMachine sm = new RecordingStateMachine();
        try (LocalJournal journal = LocalJournal.open(1, dir, sm, 1000)) {
            List<CompletableFuture<Commit>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(journal.submit(bytes("e" + i)));
            }
            for (int i = 0; i < 50; i++) {
                Commit c = futures.get(i).get(5, TimeUnit.SECONDS);
                assertEquals(i + 1, c.index());
                assertArrayEquals(bytes(Integer.toString(i + 1)), c.result());
            }
            assertEquals(50, journal.appliedIndex());
            assertEquals(OptionalInt.of(1), journal.leaderId());
            assertTrue(journal.isLeader());
        }
        assertEquals(IntStream.range(0, 50).mapToObj(i -> "e" + i).toList(), sm.entries());
    }

    @Test
    void restartReplaysTheJournal() throws Exception {
        try (LocalJournal journal = LocalJournal.open(1, dir, new RecordingStateMachine(), 1000)) {
            submitAll(journal, "a", "b", "c");
        }
        RecordingStateMachine again = new RecordingStateMachine();
        try (LocalJournal journal = LocalJournal.open(1, dir, again, 1000)) {
            assertEquals(List.of("a", "b", "c"), again.entries());
            assertEquals(4, journal.submit(bytes("d")).get(5, TimeUnit.SECONDS).index());
        }
        RecordingStateMachine third = new RecordingStateMachine();
        LocalJournal.open(1, dir, third, 1000).close();
        assertEquals(List.of("a", "b", "c", "d"), third.entries());
    }

    @Test
    void snapshotsReplaceOldSegmentsAndRestoreTheSameState() throws Exception {
        RecordingStateMachine sm = new RecordingStateMachine();
        try (LocalJournal journal = LocalJournal.open(1, dir, sm, 10)) {
            for (int i = 0; i < 25; i++) {
                journal.submit(bytes("e" + i)).get(5, TimeUnit.SECONDS);
            }
        }
        assertEquals(1, JournalFiles.snapshots(dir).size(), "older snapshots deleted");
        long snapshotIndex = JournalFiles.snapshotIndex(JournalFiles.snapshots(dir).get(0));
        assertTrue(snapshotIndex >= 20, "snapshot at " + snapshotIndex);
        assertEquals(List.of(JournalFiles.journal(dir, snapshotIndex + 1)), JournalFiles.journals(dir),
                "segments before the snapshot purged");

        RecordingStateMachine restored = new RecordingStateMachine();
        try (LocalJournal journal = LocalJournal.open(1, dir, restored, 10)) {
            assertEquals(1, restored.restores());
            assertEquals(sm.entries(), restored.entries());
            assertEquals(25, journal.appliedIndex());
            assertEquals(25L, journal.takeSnapshot().get(5, TimeUnit.SECONDS));
        }
        RecordingStateMachine fromExplicitSnapshot = new RecordingStateMachine();
        LocalJournal.open(1, dir, fromExplicitSnapshot, 10).close();
        assertEquals(sm.entries(), fromExplicitSnapshot.entries());
        assertEquals(List.of(JournalFiles.snapshot(dir, 25)), JournalFiles.snapshots(dir));
    }

    @Test
    void truncatesATornTailAndKeepsAppending() throws Exception {
        try (LocalJournal journal = LocalJournal.open(1, dir, new RecordingStateMachine(), 1000)) {
            submitAll(journal, "a", "b", "c");
        }
        Path segment = JournalFiles.journals(dir).get(0);
        long intact = Files.size(segment);
        // A crash in the middle of writing entry 4: its header and half its payload reached the disk.
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(intact);
            f.writeInt(100);
            f.writeInt(12345);
            f.writeLong(4);
            f.writeLong(1);
            f.write(new byte[40]);
        }
        RecordingStateMachine sm = new RecordingStateMachine();
        try (LocalJournal journal = LocalJournal.open(1, dir, sm, 1000)) {
            assertEquals(List.of("a", "b", "c"), sm.entries());
            assertEquals(intact, Files.size(segment));
            assertEquals(4, journal.submit(bytes("d")).get(5, TimeUnit.SECONDS).index());
        }
        RecordingStateMachine after = new RecordingStateMachine();
        LocalJournal.open(1, dir, after, 1000).close();
        assertEquals(List.of("a", "b", "c", "d"), after.entries());
    }

    @Test
    void aFlippedBitEndsTheValidLog() throws Exception {
        try (LocalJournal journal = LocalJournal.open(1, dir, new RecordingStateMachine(), 1000)) {
            submitAll(journal, "first", "second");
        }
        Path segment = JournalFiles.journals(dir).get(0);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            long secondPayload = JournalSegment.HEADER_BYTES + 5 + JournalSegment.HEADER_BYTES;
            f.seek(secondPayload);
            f.write('S');
        }
        RecordingStateMachine sm = new RecordingStateMachine();
        LocalJournal.open(1, dir, sm, 1000).close();
        assertEquals(List.of("first"), sm.entries());
    }

    @Test
    void aCorruptSegmentFollowedByAnotherFailsToOpen() throws Exception {
        try (LocalJournal journal = LocalJournal.open(1, dir, new RecordingStateMachine(), 1000)) {
            submitAll(journal, "a", "b");
        }
        Path first = JournalFiles.journals(dir).get(0);
        Files.write(JournalFiles.journal(dir, 3), new byte[0]);
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            f.setLength(f.length() - 1);
        }
        IOException e = assertThrows(IOException.class, () -> LocalJournal.open(1, dir, new RecordingStateMachine(), 1000));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws Exception {
        try (LocalJournal journal = LocalJournal.open(1, dir, new RecordingStateMachine(), 1000)) {
            assertThrows(IOException.class, () -> LocalJournal.open(1, dir, new RecordingStateMachine(), 1000));
        }
    }

    @Test
    void submitsAfterCloseFail() throws Exception {
        LocalJournal journal = LocalJournal.open(1, dir, new RecordingStateMachine(), 1000);
        journal.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> journal.submit(bytes("late")).get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof RaftUnavailableException);
        assertEquals(OptionalInt.empty(), journal.leaderId());
    }

    private static void submitAll(LocalJournal journal, String... entries) throws Exception {
        for (String e : entries) {
            journal.submit(bytes(e)).get(5, TimeUnit.SECONDS);
        }
    }
}
