package io.samsa.broker.replication;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which offsets each Raft entry of a data group gave its partitions on this replica: the link between the Raft log
 * (indexes) and the partition segments (offsets). A truncation of the Raft log becomes a truncation of the segments,
 * a commit becomes a high watermark, and a lagging follower's entry is re-read from the segments by offset.
 *
 * <p><b>File</b> {@code offsets.journal} in the group's state directory: records {@code [int length][int crc32c of
 * body][body]}; a body is {@code [byte 1 = BASE][long index][int n]} + n × {@code [uuid][int partition][long end]}
 * (every partition's end offset as of a checkpoint at {@code index}; always first) or {@code [byte 2 = ENTRY]
 * [long index][long term][int n]} + n × {@code [uuid][int partition][long before][long after][int bytes]} (one per
 * section of the entry; {@code before = after = -1} when the section was not appended: a deleted partition;
 * {@code before = -2} for a {@link HandoverEntry}, with the partition's end in {@code after}; {@code before = -3,
 * after = -1} when this replica skipped a section that carried bytes or that the leader marked unavailable: a re-read
 * here marks it unavailable too, never "nothing appended", which would shift a follower's offsets), or {@code [byte 3 =
 * SEALED_BASE][long index][int n]} + n ends as in BASE + {@code [int m]} + m × {@code [uuid][int partition][long
 * handover index][long end]} (a base that also remembers the partitions sealed before it; written since reassignment
 * exists, BASE is still read). A torn
 * or corrupt tail is cut off on open. Entries are written (page cache) as the segments are, and forced by
 * {@link #force} after the segments, before Ratis makes the entry durable in its own log; so the journal always
 * covers every entry Ratis has.
 *
 * <p>Thread-safe (one lock): the group's writer thread appends, truncates and forces; the apply thread reads and
 * compacts; reader threads read.
 */
final class OffsetJournal implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetJournal.class);
    private static final byte BASE = 1;
    private static final byte ENTRY = 2;
    private static final byte SEALED_BASE = 3;
    /** {@link Section#before()} of a handover: the partition is sealed in this group from that entry on. */
    static final long SEALED = -2;
    /** {@link Section#before()} of a section this replica skipped although the group's leader had bytes for it. */
    static final long SKIPPED = -3;
    static final String FILE_NAME = "offsets.journal";

    /** A section's offsets: {@code [before, after)} in its partition, and the bytes appended. */
    record Section(PartitionKey partition, long before, long after, int bytes) {
        boolean appended() {
            return before >= 0;
        }

        boolean sealed() {
            return before == SEALED;
        }

        boolean skipped() {
            return before == SKIPPED;
        }

        /** Nothing appended here, and nothing appended by the leader either (a deleted partition, a duplicate). */
        static Section notAppended(PartitionKey partition) {
            return new Section(partition, -1, -1, 0);
        }

        /** Nothing appended here, though the leader may have appended bytes: a re-read marks them unavailable. */
        static Section skipped(PartitionKey partition) {
            return new Section(partition, SKIPPED, -1, 0);
        }
    }

    /** Where a partition was sealed in this group: the handover entry's index and the partition's end there. */
    record Seal(long index, long end) {
    }

    /** One entry's sections and where its record starts in the file. */
    record Entry(long index, long term, List<Section> sections, long filePosition) {
    }

    private final Path file;
    private FileChannel channel;
    private long baseIndex;
    private final Map<PartitionKey, Long> baseEnds = new HashMap<>();
    private final Map<PartitionKey, Seal> baseSeals = new HashMap<>();
    private final NavigableMap<Long, Entry> entries = new TreeMap<>();

    private OffsetJournal(Path file) {
        this.file = file;
    }

    /** Opens (creating if needed) the journal in {@code dir}, cutting off a torn tail. */
    static OffsetJournal open(Path dir) throws IOException {
        OffsetJournal journal = new OffsetJournal(dir.resolve(FILE_NAME));
        journal.load();
        return journal;
    }

    private void load() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        baseIndex = -1;
        long size = channel.size();
        long position = 0;
        ByteBuffer head = ByteBuffer.allocate(8);
        while (position + 8 <= size) {
            head.clear();
            channel.read(head, position);
            head.flip();
            int length = head.getInt();
            int crc = head.getInt();
            if (length <= 0 || position + 8 + length > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            channel.read(body, position + 8);
            body.flip();
            if (crc(body) != crc || !readRecord(body, position)) {
                break;
            }
            position += 8 + length;
        }
        if (position < size) {
            LOG.warn("{}: cutting off {} bytes of torn or corrupt tail at {}", file, size - position, position);
            channel.truncate(position);
        }
        channel.position(position);
    }

    private boolean readRecord(ByteBuffer body, long position) {
        byte type = body.get();
        if ((type == BASE || type == SEALED_BASE) && position == 0) {
            baseIndex = body.getLong();
            int n = body.getInt();
            for (int i = 0; i < n; i++) {
                baseEnds.put(key(body), body.getLong());
            }
            int m = type == SEALED_BASE ? body.getInt() : 0;
            for (int i = 0; i < m; i++) {
                baseSeals.put(key(body), new Seal(body.getLong(), body.getLong()));
            }
            return true;
        }
        if (type == ENTRY) {
            long index = body.getLong();
            long term = body.getLong();
            int n = body.getInt();
            List<Section> sections = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sections.add(new Section(key(body), body.getLong(), body.getLong(), body.getInt()));
            }
            entries.put(index, new Entry(index, term, List.copyOf(sections), position));
            return true;
        }
        return false;
    }

    private static PartitionKey key(ByteBuffer in) {
        return new PartitionKey(new UUID(in.getLong(), in.getLong()), in.getInt());
    }

    private static void putKey(ByteBuffer out, PartitionKey key) {
        out.putLong(key.topicId().getMostSignificantBits()).putLong(key.topicId().getLeastSignificantBits())
                .putInt(key.partition());
    }

    private static int crc(ByteBuffer body) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return (int) crc.getValue();
    }

    private static ByteBuffer frame(ByteBuffer body) {
        body.flip();
        ByteBuffer record = ByteBuffer.allocate(8 + body.remaining());
        record.putInt(body.remaining()).putInt(crc(body)).put(body);
        record.flip();
        return record;
    }

    private static ByteBuffer entryRecord(long index, long term, List<Section> sections) {
        ByteBuffer body = ByteBuffer.allocate(1 + 8 + 8 + 4 + sections.size() * (20 + 8 + 8 + 4));
        body.put(ENTRY).putLong(index).putLong(term).putInt(sections.size());
        for (Section s : sections) {
            putKey(body, s.partition());
            body.putLong(s.before()).putLong(s.after()).putInt(s.bytes());
        }
        return frame(body);
    }

    private static ByteBuffer baseRecord(long index, Map<PartitionKey, Long> ends, Map<PartitionKey, Seal> seals) {
        ByteBuffer body = ByteBuffer.allocate(1 + 8 + 4 + ends.size() * (20 + 8) + 4 + seals.size() * (20 + 16));
        body.put(SEALED_BASE).putLong(index).putInt(ends.size());
        ends.forEach((key, end) -> {
            putKey(body, key);
            body.putLong(end);
        });
        body.putInt(seals.size());
        seals.forEach((key, seal) -> {
            putKey(body, key);
            body.putLong(seal.index()).putLong(seal.end());
        });
        return frame(body);
    }

    /** Records entry {@code index}; it must follow the last one (truncate first to write an index again). */
    synchronized void append(long index, long term, List<Section> sections) throws IOException {
        if (!entries.isEmpty() && entries.lastKey() >= index) {
            throw new IllegalStateException(file + ": entry " + index + " after " + entries.lastKey());
        }
        long position = channel.position();
        ByteBuffer record = entryRecord(index, term, sections);
        while (record.hasRemaining()) {
            channel.write(record);
        }
        entries.put(index, new Entry(index, term, List.copyOf(sections), position));
    }

    synchronized Entry get(long index) {
        return entries.get(index);
    }

    /** The newest entry's index, or the base's if there is none. */
    synchronized long lastIndex() {
        return entries.isEmpty() ? baseIndex : entries.lastKey();
    }

    synchronized long baseIndex() {
        return baseIndex;
    }

    /**
     * Forgets entries {@code fromIndex} and later (file and memory).
     *
     * @return the partitions those entries had appended to (not those they only sealed or skipped)
     */
    synchronized Set<PartitionKey> truncateFrom(long fromIndex) throws IOException {
        NavigableMap<Long, Entry> dropped = entries.tailMap(fromIndex, true);
        if (dropped.isEmpty()) {
            return Set.of();
        }
        Set<PartitionKey> touched = new HashSet<>();
        dropped.values().forEach(e -> e.sections().stream().filter(Section::appended)
                .forEach(s -> touched.add(s.partition())));
        long position = dropped.firstEntry().getValue().filePosition();
        dropped.clear();
        channel.truncate(position);
        channel.position(position);
        return touched;
    }

    /**
     * Where {@code partition}'s data ends according to the entries kept: the end of its last appended section, else
     * its end at the base, else -1 (this group never appended to it).
     */
    synchronized long expectedEnd(PartitionKey partition) {
        for (Entry e : entries.descendingMap().values()) {
            List<Section> sections = e.sections();
            for (int i = sections.size() - 1; i >= 0; i--) {
                Section s = sections.get(i);
                if (s.partition().equals(partition) && s.appended()) {
                    return s.after();
                }
            }
        }
        return baseEnds.getOrDefault(partition, -1L);
    }

    /** Every partition's end offset at the base (the newest checkpoint). */
    synchronized Map<PartitionKey, Long> baseEnds() {
        return Map.copyOf(baseEnds);
    }

    /**
     * fsyncs the file, outside the lock: the apply thread reads entries ({@link #get}) while the disk works. Appends
     * and truncations come from the same writer thread as this call, so none races it; a {@link #compact} or
     * {@link #reset} that swaps the file meanwhile closes the old channel, and its rewrite has already forced
     * everything the old file held.
     */
    void force() throws IOException {
        FileChannel forced;
        synchronized (this) {
            forced = channel;
        }
        try {
            forced.force(false);
        } catch (ClosedChannelException e) {
            synchronized (this) {
                if (channel == forced) {
                    throw e;
                }
            }
        }
    }

    /**
     * Makes a new base at {@code upToIndex}: the entries up to it fold into per-partition end offsets, and the file is
     * rewritten (a temporary file, then an atomic rename) with the base and the later entries. The caller guarantees
     * the segments hold everything up to {@code upToIndex} durably.
     */
    synchronized void compact(long upToIndex) throws IOException {
        if (upToIndex <= baseIndex) {
            return;
        }
        rewrite(upToIndex, endsAsOf(upToIndex), sealsAsOf(upToIndex), entries.tailMap(upToIndex, false).values());
    }

    /**
     * Replaces everything with a base at {@code index} holding {@code ends} and {@code seals}: this replica copied a
     * leader's state as of that entry (a catch-up beyond the Raft log).
     */
    synchronized void reset(long index, Map<PartitionKey, Long> ends, Map<PartitionKey, Seal> seals)
            throws IOException {
        rewrite(index, ends, seals, List.of());
    }

    /** Writes a temporary file with the base and {@code later}, then renames it over the journal (atomic). */
    private void rewrite(long index, Map<PartitionKey, Long> ends, Map<PartitionKey, Seal> seals,
                         java.util.Collection<Entry> later) throws IOException {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        List<Entry> kept = new ArrayList<>();
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer base = baseRecord(index, ends, seals);
            while (base.hasRemaining()) {
                out.write(base);
            }
            for (Entry e : later) {
                long position = out.position();
                ByteBuffer record = entryRecord(e.index(), e.term(), e.sections());
                while (record.hasRemaining()) {
                    out.write(record);
                }
                kept.add(new Entry(e.index(), e.term(), e.sections(), position));
            }
            out.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(channel.size());
        baseIndex = index;
        baseEnds.clear();
        baseEnds.putAll(ends);
        baseSeals.clear();
        baseSeals.putAll(seals);
        entries.clear();
        kept.forEach(e -> entries.put(e.index(), e));
    }

    /**
     * Every partition's end offset after entry {@code index} (the base's ends, then the entries up to it), or null
     * when {@code index} is older than the base and so no longer known.
     */
    synchronized Map<PartitionKey, Long> endsAsOf(long index) {
        if (index < baseIndex) {
            return null;
        }
        Map<PartitionKey, Long> ends = new HashMap<>(baseEnds);
        for (Entry e : entries.headMap(index, true).values()) {
            for (Section s : e.sections()) {
                if (s.appended()) {
                    ends.put(s.partition(), s.after());
                }
            }
        }
        return ends;
    }

    /** The partitions sealed in this group by entries up to {@code index} (all kept entries: Long.MAX_VALUE). */
    synchronized Map<PartitionKey, Seal> sealsAsOf(long index) {
        Map<PartitionKey, Seal> seals = new HashMap<>(baseSeals);
        for (Entry e : entries.headMap(index, true).values()) {
            for (Section s : e.sections()) {
                if (s.sealed()) {
                    seals.put(s.partition(), new Seal(e.index(), s.after()));
                }
            }
        }
        return seals;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
