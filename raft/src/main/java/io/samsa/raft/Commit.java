package io.samsa.raft;

/**
 * A committed and applied entry, as seen by its submitter.
 *
 * @param index  the entry's log index; the submitter's local state machine reflects it once it has applied this index
 * @param result what {@link ReplicatedStateMachine#apply} returned for the entry (on the leader)
 */
public record Commit(long index, byte[] result) {
}
