package io.samsa.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A state machine whose entries carry bulk data beside a small header: Ratis' <em>state-machine data</em> channel.
 * Ratis keeps only the header in its own log and hands the data to {@link #write} on every replica, in log order, so
 * the data is stored once, in the state machine's own files. Implementations know nothing of Ratis.
 *
 * <p>Life of an entry on every replica: {@link #write} (in log order, before the entry may commit), maybe
 * {@link #truncate} (a new leader's log replaced it), {@link #flush} (before Ratis fsyncs its own log, so the data is
 * durable whenever its entry is), then {@link #apply} once committed. A leader sending entries to a lagging follower
 * asks {@link #read} for data it no longer holds; a member behind the leader's whole log copies the leader's state
 * ({@link #describe}, {@link #catchUp}) instead, since the Raft snapshot of a data group carries no data.
 *
 * <p>Threading: {@code write}, {@code truncate} and {@code flush} are called under the Raft log's lock, in log order,
 * from Ratis threads: they must return at once and do their I/O in order on the state machine's own thread.
 * {@code apply} and {@code checkpoint} come from the group's single apply thread; {@code read} from any thread.
 * A returned future must never fail for an ordinary outcome: Ratis closes the group when a write or flush fails.
 */
public interface ReplicatedDataStateMachine {

    /**
     * Opens the state machine's files in {@code stateDir} (the group's own directory inside its Raft storage).
     * Called once, before any other method. Ratis then re-applies the committed entries after the newest checkpoint.
     */
    void open(UUID groupId, Path stateDir) throws IOException;

    /**
     * Told once the group's Raft log is loaded, before the first write, truncate or apply: {@code lastIndex} is its
     * last entry. Data written for entries above it (a crash before Ratis made them durable) must be discarded.
     */
    void logRecovered(long lastIndex);

    /**
     * Stores the data of entry {@code index}. In log order on every replica.
     *
     * @param context what the submitter passed to {@link ReplicatedDataLog#submit} (on the submitting leader only;
     *                null elsewhere)
     * @return completes once the data is written (not necessarily fsynced)
     */
    CompletableFuture<?> write(long index, long term, ByteBuffer header, ByteBuffer data, Object context);

    /** Makes everything written up to {@code index} durable. */
    CompletableFuture<Void> flush(long index);

    /** Discards the data of entries {@code fromIndex} and later: the new leader's log does not have them. */
    CompletableFuture<Void> truncate(long fromIndex);

    /** The data of an entry this replica wrote, for a follower that needs it again. */
    CompletableFuture<ByteBuffer> read(long index, long term, ByteBuffer header);

    /**
     * Entry {@code index} is committed. In log order, on every replica, once per entry (again after a restart for
     * entries after the newest checkpoint). Must not throw.
     *
     * @param context as for {@link #write}
     */
    void apply(long index, long term, ByteBuffer header, Object context);

    /**
     * Makes a checkpoint covering at most {@code upToIndex} (an applied index) so Ratis may drop its log up to it.
     *
     * @return the index actually covered (at most {@code upToIndex}), or -1 for none
     */
    long checkpoint(long upToIndex) throws IOException;

    /**
     * What a member that must catch up beyond the Raft log needs to copy this replica's state as of entry
     * {@code appliedIndex} (for the broker: each partition's end offset): the content of the checkpoint at that index,
     * which Ratis ships to such a member. Called on the apply thread right after {@link #checkpoint}.
     *
     * @return the description, or null when this replica can no longer describe exactly that index
     */
    byte[] describe(long appliedIndex);

    /**
     * On a member the leader cannot send entries to (they were purged from its log, or the member was just added to
     * the group): Ratis installed the leader's checkpoint at {@code index}; copy the state {@code leaderState}
     * ({@link #describe} on the leader) describes from leader {@code leaderId} and adopt it as the state after that
     * entry. Entries after it then arrive through {@link #write}. The future completes once the copy is durable here.
     * A null {@code leaderState} means there is nothing to copy after all: writes just go on.
     */
    CompletableFuture<Void> catchUp(int leaderId, long index, byte[] leaderState);

    /**
     * Ratis is about to install the leader's checkpoint ({@link #catchUp} follows on another thread): writes asked for
     * from now on are of entries after it and must wait until the copy is done; writes asked for before are not.
     */
    void prepareCatchUp();

    /** Closes the state machine's files; the group is stopping. */
    void close();
}
