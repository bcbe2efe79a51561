package io.samsa.broker.log;

import io.samsa.protocol.record.RecordBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * What the log remembers of one idempotent or transactional producer: its epoch, the last
 * {@link ProducerStateTable#NUM_BATCHES_TO_RETAIN} batches it appended (oldest first) and the
 * latest batch timestamp (for expiry). Immutable: an append replaces the entry, so readers on other
 * threads (DescribeProducers) always see a whole one.
 */
public record ProducerStateEntry(long producerId, short producerEpoch, List<BatchMetadata> batches, long lastTimestamp) {

    public ProducerStateEntry {
        batches = List.copyOf(batches);
    }

    static ProducerStateEntry empty(long producerId) {
        return new ProducerStateEntry(producerId, RecordBatch.NO_PRODUCER_EPOCH, List.of(), RecordBatch.NO_TIMESTAMP);
    }

    /** The last appended sequence number, or -1 if no batch is remembered. */
    public int lastSeq() {
        return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.get(batches.size() - 1).lastSeq();
    }

    /** The last offset this producer wrote, or -1. */
    public long lastDataOffset() {
        return batches.isEmpty() ? -1L : batches.get(batches.size() - 1).lastOffset();
    }

    /** The remembered batch with exactly this sequence range, or {@code null}. */
    BatchMetadata findDuplicate(int firstSeq, int lastSeq) {
        for (BatchMetadata batch : batches) {
            if (batch.firstSeq() == firstSeq && batch.lastSeq() == lastSeq) {
                return batch;
            }
        }
        return null;
    }

    /** This entry after a data batch: a higher epoch forgets the old epoch's batches. */
    ProducerStateEntry withBatch(short epoch, BatchMetadata batch) {
        List<BatchMetadata> kept = new ArrayList<>(epoch == producerEpoch ? batches : List.of());
        kept.add(batch);
        while (kept.size() > ProducerStateTable.NUM_BATCHES_TO_RETAIN) {
            kept.remove(0);
        }
        return new ProducerStateEntry(producerId, epoch, kept, Math.max(lastTimestamp, batch.timestamp()));
    }

    /** This entry after a control batch (a transaction marker): only the epoch and time move. */
    ProducerStateEntry withMarker(short epoch, long timestamp) {
        boolean bumped = epoch > producerEpoch;
        return new ProducerStateEntry(producerId, bumped ? epoch : producerEpoch, bumped ? List.of() : batches,
                Math.max(lastTimestamp, timestamp));
    }
}
