package io.samsa.protocol.record;

import java.util.Arrays;
import java.util.List;

/**
 * One record of a batch, with its absolute offset, timestamp and sequence already resolved against
 * the batch header. Owns its key, value and header arrays (copies, never views of the batch), so it
 * outlives the batch's buffer; receivers must not modify them.
 */
public final class Record {
    private final long offset;
    private final long timestamp;
    private final int sequence;
    private final byte[] key;
    private final byte[] value;
    private final List<Header> headers;

    Record(long offset, long timestamp, int sequence, byte[] key, byte[] value, List<Header> headers) {
        this.offset = offset;
        this.timestamp = timestamp;
        this.sequence = sequence;
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    /** The batch's base offset plus this record's offset delta. */
    public long offset() {
        return offset;
    }

    /** The base timestamp plus the delta, or the batch's max timestamp in a LogAppendTime batch. */
    public long timestamp() {
        return timestamp;
    }

    /** The base sequence plus the offset delta (wrapping), or -1 if the batch has no sequence. */
    public int sequence() {
        return sequence;
    }

    /** The key, or {@code null}. */
    public byte[] key() {
        return key;
    }

    /** The value, or {@code null} (a tombstone). */
    public byte[] value() {
        return value;
    }

    public boolean hasKey() {
        return key != null;
    }

    public boolean hasValue() {
        return value != null;
    }

    /** The headers in wire order; unmodifiable. */
    public List<Header> headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record other && offset == other.offset && timestamp == other.timestamp
                && sequence == other.sequence && Arrays.equals(key, other.key) && Arrays.equals(value, other.value)
                && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + size(key) + ", value=" + size(value)
                + ", headers=" + headers.size() + ")";
    }

    private static String size(byte[] bytes) {
        return bytes == null ? "null" : bytes.length + " bytes";
    }
}
