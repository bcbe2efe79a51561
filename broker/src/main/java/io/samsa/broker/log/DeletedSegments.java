package io.samsa.broker.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Segments removed from a log but not yet from the disk: renamed to {@code *.deleted} at once (so a
 * restart never loads them; {@link LogLoader} removes leftovers) and closed and deleted after
 * {@code file.delete.delay.ms}, so reads already holding their {@link FileSlice}s finish, as in
 * Kafka. Thread-safe.
 */
final class DeletedSegments {
    private static final Logger LOG = LoggerFactory.getLogger(DeletedSegments.class);

    private final Scheduler scheduler;
    private final String name;
    private final List<LogSegment> pending = new ArrayList<>();

    DeletedSegments(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
    }

    /** Renames the segment's files now and deletes them after {@code delayMs}. */
    void add(LogSegment segment, long delayMs) throws IOException {
        segment.renameToDeleted();
        synchronized (this) {
            pending.add(segment);
        }
        scheduler.scheduleOnce("delete-" + name, () -> delete(segment), delayMs);
    }

    private void delete(LogSegment segment) {
        synchronized (this) {
            if (!pending.remove(segment)) {
                return;
            }
        }
        closeAndDelete(segment);
    }

    /** Deletes every pending segment now (the log is closing). */
    void deleteAll() {
        List<LogSegment> all;
        synchronized (this) {
            all = new ArrayList<>(pending);
            pending.clear();
        }
        all.forEach(this::closeAndDelete);
    }

    private void closeAndDelete(LogSegment segment) {
        try {
            segment.closeAndDelete();
        } catch (IOException e) {
            LOG.warn("{}: could not delete segment {}", name, segment, e);
        }
    }
}
