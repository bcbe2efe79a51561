package io.samsa.broker.replication;

import io.samsa.broker.log.AppendOrigin;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Raft entry of a data group: one per batch of appends the leader submits together (one produce request's
 * partitions in a group, or several requests that arrived at once).
 *
 * <p>The <b>header</b> stays in the Raft log: {@code [byte version=1][long appendTimeMs][long metadataOffset]
 * [int n]} then {@code n} sections {@code [long topicIdHigh][long topicIdLow][int partition][byte origin]}.
 * {@code appendTimeMs} is the leader's clock, which every replica uses for timestamp checks and LogAppendTime, so all
 * replicas write the same bytes; {@code metadataOffset} is the leader's metadata image offset, so a replica that does
 * not host a section's partition can tell "not yet" (wait for metadata) from "deleted" (skip).
 *
 * <p>The <b>data</b> (Ratis state-machine data, stored once, in the partition segments) is, per section in order,
 * {@code [int length][record batches]}. The lengths live in the data, not the header, because a leader re-reading an
 * entry's data from its segments for a lagging follower finds only what it appended (a retried duplicate was not).
 * A length of {@link #UNAVAILABLE} (no bytes follow) says the re-reading leader has no bytes for the section (it no
 * longer hosts the partition, or skipped the section itself), which differs from 0 (it appended nothing); fresh
 * entries never carry it.
 */
record ProduceEntry(long appendTimeMs, long metadataOffset, List<Section> sections) {

    static final byte VERSION = 1;
    /** The section length of a section whose bytes the leader re-reading the entry does not have. */
    static final int UNAVAILABLE = -1;
    private static final int FIXED = 1 + 8 + 8 + 4;
    private static final int PER_SECTION = 8 + 8 + 4 + 1;

    /** One partition's records in an entry. */
    record Section(PartitionKey partition, AppendOrigin origin) {
    }

    ProduceEntry {
        sections = List.copyOf(sections);
    }

    byte[] encodeHeader() {
        ByteBuffer out = ByteBuffer.allocate(FIXED + PER_SECTION * sections.size());
        out.put(VERSION).putLong(appendTimeMs).putLong(metadataOffset).putInt(sections.size());
        for (Section s : sections) {
            UUID id = s.partition().topicId();
            out.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                    .putInt(s.partition().partition()).put((byte) s.origin().ordinal());
        }
        return out.array();
    }

    /** Reads a header written by {@link #encodeHeader}; does not consume {@code header}. */
    static ProduceEntry decodeHeader(ByteBuffer header) {
        ByteBuffer in = header.duplicate();
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown data entry version " + version);
            }
            long appendTime = in.getLong();
            long metadataOffset = in.getLong();
            int n = in.getInt();
            if (n < 0 || n > in.remaining() / PER_SECTION) {
                throw new IllegalArgumentException("data entry header claims " + n + " sections");
            }
            List<Section> sections = new ArrayList<>(n);
            AppendOrigin[] origins = AppendOrigin.values();
            for (int i = 0; i < n; i++) {
                UUID topicId = new UUID(in.getLong(), in.getLong());
                int partition = in.getInt();
                int origin = in.get();
                if (origin < 0 || origin >= origins.length) {
                    throw new IllegalArgumentException("unknown append origin " + origin);
                }
                sections.add(new Section(new PartitionKey(topicId, partition), origins[origin]));
            }
            return new ProduceEntry(appendTime, metadataOffset, sections);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated data entry header", e);
        }
    }

    /**
     * Frames sections' record bytes as entry data: {@code [int length][bytes]} each, in order; a null section is
     * framed {@link #UNAVAILABLE}.
     */
    static byte[] frameData(List<byte[]> sections) {
        int size = 0;
        for (byte[] records : sections) {
            size += Integer.BYTES + (records == null ? 0 : records.length);
        }
        ByteBuffer data = ByteBuffer.allocate(size);
        for (byte[] records : sections) {
            if (records == null) {
                data.putInt(UNAVAILABLE);
            } else {
                data.putInt(records.length).put(records);
            }
        }
        return data.array();
    }

    /**
     * Splits entry data into its sections' record bytes (views of {@code data}, not copies), one per header section;
     * null for a section framed {@link #UNAVAILABLE}.
     *
     * @throws IllegalArgumentException if the data does not frame {@code count} sections exactly
     */
    static List<ByteBuffer> splitData(ByteBuffer data, int count) {
        ByteBuffer in = data.duplicate();
        List<ByteBuffer> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.remaining() < Integer.BYTES) {
                throw new IllegalArgumentException("data entry ends before section " + i);
            }
            int length = in.getInt();
            if (length == UNAVAILABLE) {
                parts.add(null);
                continue;
            }
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("section " + i + " claims " + length + " bytes");
            }
            ByteBuffer part = in.slice();
            part.limit(length);
            parts.add(part);
            in.position(in.position() + length);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the last section");
        }
        return parts;
    }
}
