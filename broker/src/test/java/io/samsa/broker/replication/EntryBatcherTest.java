package io.samsa.broker.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.samsa.broker.common.Time;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.partition.AppendScope;
import io.samsa.raft.Commit;
import io.samsa.raft.DataGroupMember;
import io.samsa.raft.LeaderListener;
import io.samsa.raft.ReplicatedDataLog;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * How a group leader's appends become Raft entries. The submitter runs on the calling thread here, the worst case of
 * the real pool: it starts draining at the first append, before the handler has queued the request's others.
 */
class EntryBatcherTest {

    private static final UUID TOPIC = UUID.fromString("00000000-0000-4000-8000-0000000000bb");
    private static final PartitionKey P0 = new PartitionKey(TOPIC, 0);
    private static final PartitionKey P1 = new PartitionKey(TOPIC, 1);

    private final RecordingLog log = new RecordingLog();
    private final HostedGroup group = new HostedGroup(UUID.randomUUID(), null,
            g -> new EntryBatcher(g, Runnable::run, Time.SYSTEM, () -> 0L));

    EntryBatcherTest() {
        group.joined(log);
    }

    @Test
    void aRequestsAppendsToOneGroupLeaveAsOneEntry() {
        AppendScope.run(() -> {
            group.batcher().add(append(P0));
            group.batcher().add(append(P1));
            return null;
        });

        assertEquals(List.of(List.of(P0, P1)), log.entries());
    }

    @Test
    void withoutAScopeTheFirstAppendLeavesAlone() {
        group.batcher().add(append(P0));
        group.batcher().add(append(P1));

        assertEquals(List.of(List.of(P0), List.of(P1)), log.entries());
    }

    @Test
    void heldAppendsLeaveEvenWhenTheRequestFails() {
        assertThrows(IllegalStateException.class, () -> AppendScope.run(() -> {
            group.batcher().add(append(P0));
            throw new IllegalStateException("handler failed after the first append");
        }));

        assertEquals(List.of(List.of(P0)), log.entries());
    }

    private static PendingAppend append(PartitionKey partition) {
        return new PendingAppend(partition, new byte[] {1, 2, 3}, AppendOrigin.CLIENT, (short) -1,
                new CompletableFuture<>());
    }

    /** Records each submitted entry as the partitions its header names; never commits. */
    private static final class RecordingLog implements ReplicatedDataLog {
        private final List<List<PartitionKey>> entries = new CopyOnWriteArrayList<>();

        List<List<PartitionKey>> entries() {
            return entries;
        }

        @Override
        public CompletableFuture<Commit> submit(byte[] header, byte[] data, Object context) {
            entries.add(ProduceEntry.decodeHeader(ByteBuffer.wrap(header)).sections().stream()
                    .map(ProduceEntry.Section::partition).toList());
            return new CompletableFuture<>();
        }

        @Override
        public UUID groupId() {
            return UUID.randomUUID();
        }

        @Override
        public boolean isLeader() {
            return true;
        }

        @Override
        public OptionalInt leaderId() {
            return OptionalInt.of(1);
        }

        @Override
        public long term() {
            return 1;
        }

        @Override
        public List<Integer> members() {
            return List.of(1, 2, 3);
        }

        @Override
        public CompletableFuture<Void> setMembers(List<DataGroupMember> members) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Long> checkpoint() {
            return new CompletableFuture<>();
        }

        @Override
        public void addLeaderListener(LeaderListener listener) {
        }

        @Override
        public void close() {
        }
    }
}
