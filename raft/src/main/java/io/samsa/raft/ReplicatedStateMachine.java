package io.samsa.raft;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What a replicated log drives: state that changes only by applying committed entries, in log order.
 * Implementations know nothing of Ratis; the same state machine runs on a Ratis group ({@link RaftNode}) and on a
 * one-voter {@link LocalJournal}.
 *
 * <p>Threading: {@link #apply}, {@link #snapshot} and {@link #restore} are called from one thread at a time (the
 * log's apply thread), never concurrently. The {@link SnapshotWriter} returned by {@link #snapshot} may run later on
 * another thread, so it must capture immutable state.
 */
public interface ReplicatedStateMachine {

    /**
     * Applies one committed entry. Every replica calls this with the same entries in the same order, so the outcome
     * must depend only on the current state and the entry. An entry the state rejects (a conflict found at apply
     * time) is not an error: encode the rejection in the returned result. Throwing is reserved for bugs.
     *
     * @param index the entry's log index (increasing, with gaps where the log holds entries of its own)
     * @param term  the Raft term (leader epoch) that wrote the entry
     * @param entry the bytes passed to {@link ReplicatedLog#submit}
     * @return the result handed back to the submitter in {@link Commit#result()}; empty is fine
     */
    byte[] apply(long index, long term, byte[] entry);

    /** Captures the current state for a snapshot; the writer serialises what was captured, whenever it runs. */
    SnapshotWriter snapshot();

    /** Replaces the whole state with a snapshot written by a {@link SnapshotWriter} of this state machine. */
    void restore(InputStream in) throws IOException;

    /** Serialises a captured state. */
    @FunctionalInterface
    interface SnapshotWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
