package io.samsa.broker.replication;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The Raft entry that seals a partition in its data group when a reassignment moves it to a group of its own: every
 * replica of the old group appends nothing more to the partition after this entry, so the partition's end offset at the
 * entry is where the new group starts. Header {@code [byte version=2][long topicIdHigh][long topicIdLow]
 * [int partition]} (a {@link ProduceEntry} header starts with version 1); the data is one ignored byte, since Ratis'
 * state-machine data channel needs some.
 */
record HandoverEntry(PartitionKey partition) {

    static final byte VERSION = 2;
    /** Header of an entry that carries nothing, to have an applied entry to checkpoint at (before adding a member). */
    static final byte[] NOOP = {3};
    static final byte[] DATA = {0};

    static boolean isHandover(ByteBuffer header) {
        return header.remaining() > 0 && header.get(header.position()) == VERSION;
    }

    static boolean isNoop(ByteBuffer header) {
        return header.remaining() > 0 && header.get(header.position()) == NOOP[0];
    }

    byte[] encodeHeader() {
        UUID id = partition.topicId();
        return ByteBuffer.allocate(1 + 16 + 4).put(VERSION).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).putInt(partition.partition()).array();
    }

    static HandoverEntry decodeHeader(ByteBuffer header) {
        ByteBuffer in = header.duplicate();
        try {
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("not a handover entry");
            }
            return new HandoverEntry(new PartitionKey(new UUID(in.getLong(), in.getLong()), in.getInt()));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated handover entry header", e);
        }
    }
}
