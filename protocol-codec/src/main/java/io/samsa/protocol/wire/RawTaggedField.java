package io.samsa.protocol.wire;

import java.util.Arrays;

/**
 * A tagged field this codec's spec does not know, kept as raw bytes so that re-encoding a message
 * is byte-exact (KIP-482: unknown tags must be preserved, not dropped).
 */
public record RawTaggedField(int tag, byte[] data) {
    @Override
    public boolean equals(Object o) {
        return o instanceof RawTaggedField other && tag == other.tag && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawTaggedField(tag=" + tag + ", " + data.length + " bytes)";
    }
}
