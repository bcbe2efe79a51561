package io.samsa.raft;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening a {@link LocalJournal} directory: restore the newest snapshot that reads back intact, replay the segments
 * after it in index order, cut a torn tail off the last segment, and open the segment to append to. A gap in the
 * indexes, or damage in any segment but the last, is an error: those bytes were fsync'd, so losing them silently
 * could drop acknowledged writes.
 */
final class JournalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    /** Where the journal stands after recovery. */
    record Recovered(long snapshotIndex, long nextIndex, JournalSegment segment) {
    }

    private JournalRecovery() {
    }

    static Recovered recover(Path dir, ReplicatedStateMachine stateMachine) throws IOException {
        JournalFiles.deleteTemporaries(dir);
        long snapshotIndex = restoreNewestSnapshot(dir, stateMachine);
        long next = snapshotIndex + 1;
        List<Path> journals = JournalFiles.journals(dir);
        JournalSegment.Scan lastScan = null;
        for (int i = 0; i < journals.size(); i++) {
            Path file = journals.get(i);
            long first = JournalFiles.journalFirstIndex(file);
            if (first > next) {
                throw new IOException("metadata journal " + dir + " is missing entries " + next + ".." + (first - 1)
                        + " before " + file.getFileName());
            }
            long skipUpTo = next - 1;
            lastScan = JournalSegment.scan(file, first, entry -> {
                if (entry.index() > skipUpTo) {
                    stateMachine.apply(entry.index(), entry.term(), entry.payload());
                }
            });
            if (lastScan.torn() && i < journals.size() - 1) {
                throw new IOException("metadata journal segment " + file + " is corrupt at byte "
                        + lastScan.validBytes() + " but later segments exist");
            }
            if (lastScan.torn()) {
                LOG.warn("Truncating torn tail of {} at byte {} (last valid index {})", file, lastScan.validBytes(),
                        lastScan.lastIndex());
            }
            next = Math.max(next, lastScan.lastIndex() + 1);
        }
        Path last = journals.isEmpty() ? null : journals.get(journals.size() - 1);
        JournalSegment segment;
        if (last != null && lastScan.lastIndex() + 1 == next) {
            segment = JournalSegment.openForAppend(last, JournalFiles.journalFirstIndex(last), lastScan.validBytes());
        } else {
            segment = JournalSegment.create(JournalFiles.journal(dir, next), next);
            JournalFiles.syncDirectory(dir);
        }
        LOG.info("Opened metadata journal {}: snapshot at {}, {} entries replayed, next index {}", dir, snapshotIndex,
                next - 1 - snapshotIndex, next);
        return new Recovered(snapshotIndex, next, segment);
    }

    private static long restoreNewestSnapshot(Path dir, ReplicatedStateMachine stateMachine) throws IOException {
        List<Path> snapshots = JournalFiles.snapshots(dir);
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            try {
                JournalSnapshot.Loaded loaded = JournalSnapshot.read(snapshots.get(i));
                stateMachine.restore(loaded.bodyStream());
                return loaded.index();
            } catch (IOException e) {
                LOG.warn("Skipping unreadable snapshot {}: {}", snapshots.get(i), e.getMessage());
            }
        }
        return 0;
    }
}
