package io.samsa.broker.log;

import io.samsa.protocol.record.RecordBatch;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per producer id, the epoch and last five batches of every idempotent producer that wrote to this
 * partition (Kafka's {@code ProducerStateManager}): what lets a retried batch be answered with its
 * original offsets, a gap in sequence numbers be refused with {@code OUT_OF_ORDER_SEQUENCE_NUMBER}
 * and a fenced (older) epoch with {@code INVALID_PRODUCER_EPOCH}.
 *
 * <p>The table reflects the log up to {@link #mapEndOffset()}. It is snapshotted to
 * {@code <offset>.snapshot} files on roll and clean shutdown ({@link ProducerStateSnapshot}) and on
 * start is loaded from the newest snapshot and brought up to the log end by replaying the batches
 * after it.
 *
 * <p>Threads: changed only by the partition's writer (under the log's lock); {@link #entry} and
 * {@link #activeProducers} may be read from any thread and see whole, immutable entries.
 */
public final class ProducerStateTable {
    /** How many batches per producer are remembered, as in Kafka (and the clients' max in-flight requests). */
    public static final int NUM_BATCHES_TO_RETAIN = 5;

    /** What a produce attempt by an idempotent producer amounts to. */
    public enum Outcome {
        /** In sequence (or the producer is unknown): append it. */
        APPEND,
        /** A retry of a remembered batch: answer with its original offsets, write nothing. */
        DUPLICATE,
        /** A gap or a repeat older than the remembered batches: {@code OUT_OF_ORDER_SEQUENCE_NUMBER}. */
        OUT_OF_ORDER_SEQUENCE,
        /** An epoch below the producer's current one: {@code INVALID_PRODUCER_EPOCH}. */
        INVALID_PRODUCER_EPOCH
    }

    /** The verdict on one batch; {@code duplicateOf} is set for {@link Outcome#DUPLICATE}. */
    public record Check(Outcome outcome, BatchMetadata duplicateOf, String message) {
        static final Check APPEND = new Check(Outcome.APPEND, null, null);
    }

    private final ConcurrentHashMap<Long, ProducerStateEntry> producers = new ConcurrentHashMap<>();
    private volatile long mapEndOffset;

    public ProducerStateTable(long mapEndOffset) {
        this.mapEndOffset = mapEndOffset;
    }

    /** The producer's entry, if the partition remembers it. */
    public Optional<ProducerStateEntry> entry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    /** Every remembered producer (a live view of immutable entries). */
    public Collection<ProducerStateEntry> activeProducers() {
        return producers.values();
    }

    /** The log offset up to which this table reflects the log. */
    public long mapEndOffset() {
        return mapEndOffset;
    }

    /** A set of changes for one append: checked batch by batch, applied by {@link Pending#commit}. */
    Pending prepare() {
        return new Pending();
    }

    /** Applies a batch read back from the log, without checks (recovery and truncation replay). */
    void replay(BatchHeader batch) {
        if (batch.hasProducerId()) {
            producers.put(batch.producerId(), updated(current(batch.producerId()), batch, batch.baseOffset()));
        }
        mapEndOffset = Math.max(mapEndOffset, batch.nextOffset());
    }

    void setMapEndOffset(long offset) {
        this.mapEndOffset = offset;
    }

    /** Replaces the whole table, e.g. with a snapshot's contents. */
    void load(Collection<ProducerStateEntry> entries, long endOffset) {
        producers.clear();
        for (ProducerStateEntry entry : entries) {
            producers.put(entry.producerId(), entry);
        }
        mapEndOffset = endOffset;
    }

    void clear(long endOffset) {
        producers.clear();
        mapEndOffset = endOffset;
    }

    /**
     * Forgets producers idle for at least {@code expirationMs} ({@code producer.id.expiration.ms}):
     * their last batch's timestamp is that old.
     *
     * @return how many were removed
     */
    int removeExpiredProducers(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(e -> nowMs - e.lastTimestamp() >= expirationMs);
        return before - producers.size();
    }

    private ProducerStateEntry current(long producerId) {
        ProducerStateEntry entry = producers.get(producerId);
        return entry != null ? entry : ProducerStateEntry.empty(producerId);
    }

    private static ProducerStateEntry updated(ProducerStateEntry entry, BatchHeader batch, long firstOffset) {
        if (batch.isControlBatch()) {
            return entry.withMarker(batch.producerEpoch(), batch.maxTimestamp());
        }
        long lastOffset = firstOffset + batch.lastOffsetDelta();
        return entry.withBatch(batch.producerEpoch(), new BatchMetadata(batch.baseSequence(), batch.lastSequence(),
                firstOffset, lastOffset, batch.maxTimestamp()));
    }

    static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1L || nextSeq == 0 && lastSeq == Integer.MAX_VALUE;
    }

    /** Changes for one append, checked against the table plus the append's earlier batches. */
    final class Pending {
        /** Created on the first idempotent batch, so plain appends allocate nothing here. */
        private Map<Long, ProducerStateEntry> updates;

        private ProducerStateEntry view(long producerId) {
            ProducerStateEntry entry = updates == null ? null : updates.get(producerId);
            return entry != null ? entry : current(producerId);
        }

        /**
         * Checks one batch, and if it is to be appended, records it as given {@code firstOffset}, so
         * the append's next batch is checked against it.
         */
        Check checkAndRecord(BatchHeader batch, long firstOffset) {
            if (!batch.hasProducerId()) {
                return Check.APPEND;
            }
            ProducerStateEntry entry = view(batch.producerId());
            Check check = check(entry, batch);
            if (check.outcome() == Outcome.APPEND) {
                if (updates == null) {
                    updates = new HashMap<>();
                }
                updates.put(batch.producerId(), updated(entry, batch, firstOffset));
            }
            return check;
        }

        private Check check(ProducerStateEntry entry, BatchHeader batch) {
            short epoch = batch.producerEpoch();
            short current = entry.producerEpoch();
            if (epoch < current) {
                return new Check(Outcome.INVALID_PRODUCER_EPOCH, null, "producer " + batch.producerId()
                        + " epoch " + epoch + " is older than the current epoch " + current);
            }
            if (batch.isControlBatch() || current == RecordBatch.NO_PRODUCER_EPOCH) {
                return Check.APPEND;   // markers carry no sequence; an unknown producer may start anywhere
            }
            int firstSeq = batch.baseSequence();
            if (epoch > current) {
                return firstSeq == 0 ? Check.APPEND : new Check(Outcome.OUT_OF_ORDER_SEQUENCE, null,
                        "producer " + batch.producerId() + " starts epoch " + epoch + " at sequence " + firstSeq + ", not 0");
            }
            BatchMetadata duplicate = entry.findDuplicate(firstSeq, batch.lastSequence());
            if (duplicate != null) {
                return new Check(Outcome.DUPLICATE, duplicate, null);
            }
            if (!inSequence(entry.lastSeq(), firstSeq)) {
                return new Check(Outcome.OUT_OF_ORDER_SEQUENCE, null, "producer " + batch.producerId()
                        + " sent sequence " + firstSeq + " after " + entry.lastSeq());
            }
            return Check.APPEND;
        }

        /**
         * Checks the batches of one append in order, recording each as given its offsets from
         * {@code firstOffset}; returns the first verdict other than {@link Outcome#APPEND}, if any.
         */
        Check checkAll(List<BatchHeader> batches, long firstOffset) {
            long offset = firstOffset;
            for (BatchHeader batch : batches) {
                Check check = checkAndRecord(batch, offset);
                if (check.outcome() != Outcome.APPEND) {
                    return check;
                }
                offset += batch.lastOffsetDelta() + 1L;
            }
            return Check.APPEND;
        }

        /** Applies the recorded changes; the log now ends at {@code nextOffset}. */
        void commit(long nextOffset) {
            if (updates != null) {
                producers.putAll(updates);
            }
            mapEndOffset = nextOffset;
        }
    }
}
