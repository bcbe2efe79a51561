package io.samsa.broker.group;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record of a {@code __consumer_offsets} partition: a key and a value in Kafka's coordinator formats (see
 * {@link GroupRecords}); a null value is a tombstone, which deletes the key when replayed (and lets compaction drop
 * it). Immutable by convention: the arrays are not copied and must not be changed.
 */
public record GroupRecord(byte[] key, byte[] value) {

    public GroupRecord {
        Objects.requireNonNull(key, "key");
    }

    public boolean isTombstone() {
        return value == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupRecord r && Arrays.equals(key, r.key) && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "GroupRecord(key " + key.length + " bytes, " + (value == null ? "tombstone" : value.length + " bytes")
                + ")";
    }
}
