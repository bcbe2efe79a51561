package io.samsa.broker.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.log.LogError;
import io.samsa.broker.log.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a data group entry's data back from the partition segments, for a follower that needs the entry again (its
 * leader no longer holds it in memory): per section, in order, {@code [int length][the batches the section appended
 * here]}, exactly as many bytes as the offset journal recorded. A section whose bytes are not here (the partition is
 * no longer hosted: moved away or deleted; or this replica skipped it) is framed {@link ProduceEntry#UNAVAILABLE}
 * rather than failing the read: a failed read is retried forever and stalls the follower for every partition of the
 * group. Stateless; called on the group's reader threads.
 */
final class EntryReadBack {

    private EntryReadBack() {
    }

    static ByteBuffer read(OffsetJournal.Entry entry, Function<PartitionKey, HostedReplica> replicas) {
        List<OffsetJournal.Section> sections = entry.sections();
        // Looked up once: a replica dropped between sizing and copying must not change the answer.
        HostedReplica[] sources = new HostedReplica[sections.size()];
        int total = 0;
        for (int i = 0; i < sections.size(); i++) {
            OffsetJournal.Section s = sections.get(i);
            sources[i] = s.bytes() > 0 ? replicas.apply(s.partition()) : null;
            total += Integer.BYTES + (sources[i] != null ? s.bytes() : 0);
        }
        byte[] out = new byte[total];
        ByteBuf target = Unpooled.wrappedBuffer(out).writerIndex(0);
        for (int i = 0; i < sections.size(); i++) {
            OffsetJournal.Section s = sections.get(i);
            if (sources[i] != null) {
                target.writeInt(s.bytes());
                readRange(sources[i].log(), s, target);
            } else {
                target.writeInt(s.skipped() || s.bytes() > 0 ? ProduceEntry.UNAVAILABLE : 0);
            }
        }
        return ByteBuffer.wrap(out);
    }

    /** Copies the batches of {@code [s.before, s.after)} into {@code target}, exactly {@code s.bytes()} of them. */
    private static void readRange(PartitionLog log, OffsetJournal.Section s, ByteBuf target) {
        int end = target.writerIndex() + s.bytes();
        long offset = s.before();
        try {
            while (offset < s.after()) {
                FetchDataInfo info = log.read(offset, Integer.MAX_VALUE, s.after(), true);
                if (info.error() != LogError.NONE || info.records().isEmpty()) {
                    throw new IllegalStateException("cannot read " + s.partition() + " at " + offset + ": "
                            + info.error());
                }
                int start = target.writerIndex();
                if (start + info.records().sizeInBytes() > end) {
                    throw new IllegalStateException(s.partition() + " holds more bytes in " + s + " than written");
                }
                info.records().readInto(target);
                offset = nextOffset(target, start, target.writerIndex());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (target.writerIndex() != end) {
            throw new IllegalStateException(s.partition() + ": read " + (target.writerIndex() - end + s.bytes())
                    + " bytes of " + s);
        }
    }

    /** The offset after the last batch in {@code buf[from, to)}. */
    private static long nextOffset(ByteBuf buf, int from, int to) {
        long next = -1;
        int position = from;
        while (position + 27 <= to) {
            long baseOffset = buf.getLong(position);
            int batchLength = buf.getInt(position + 8);
            int lastOffsetDelta = buf.getInt(position + 23);
            next = baseOffset + lastOffsetDelta + 1;
            position += 12 + batchLength;
        }
        if (next < 0) {
            throw new IllegalStateException("no whole batch read");
        }
        return next;
    }
}
