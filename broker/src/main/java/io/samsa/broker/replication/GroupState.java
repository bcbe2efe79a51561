package io.samsa.broker.replication;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A data group replica's state as of one applied Raft entry, as its leader describes it to a member that must copy it
 * (a catch-up beyond the Raft log): each partition's end offset, and the partitions sealed in the group by a handover.
 * Encoded {@code [int n] n × [uuid][int partition][long end] [int m] m × [uuid][int partition][long index][long end]}.
 */
record GroupState(Map<PartitionKey, Long> ends, Map<PartitionKey, OffsetJournal.Seal> seals) {

    GroupState {
        ends = Map.copyOf(ends);
        seals = Map.copyOf(seals);
    }

    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(4 + ends.size() * 28 + 4 + seals.size() * 36);
        out.putInt(ends.size());
        ends.forEach((key, end) -> putKey(out, key).putLong(end));
        out.putInt(seals.size());
        seals.forEach((key, seal) -> putKey(out, key).putLong(seal.index()).putLong(seal.end()));
        return out.array();
    }

    static GroupState decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Map<PartitionKey, Long> ends = new HashMap<>();
        for (int i = in.getInt(); i > 0; i--) {
            ends.put(key(in), in.getLong());
        }
        Map<PartitionKey, OffsetJournal.Seal> seals = new HashMap<>();
        for (int i = in.getInt(); i > 0; i--) {
            seals.put(key(in), new OffsetJournal.Seal(in.getLong(), in.getLong()));
        }
        return new GroupState(ends, seals);
    }

    private static ByteBuffer putKey(ByteBuffer out, PartitionKey key) {
        return out.putLong(key.topicId().getMostSignificantBits()).putLong(key.topicId().getLeastSignificantBits())
                .putInt(key.partition());
    }

    private static PartitionKey key(ByteBuffer in) {
        return new PartitionKey(new UUID(in.getLong(), in.getLong()), in.getInt());
    }
}
