package io.samsa.broker.metadata;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes the primitives of the metadata encodings (records and snapshots), big-endian: strings as int16 length +
 * UTF-8 (-1 = null), UUIDs as two int64, lists and maps as an int32 count then elements; maps in key order so the
 * same content always gives the same bytes.
 */
final class MetadataOutput {

    private final DataOutputStream out;

    MetadataOutput(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    MetadataOutput u8(int v) throws IOException {
        out.writeByte(v);
        return this;
    }

    MetadataOutput bool(boolean v) throws IOException {
        out.writeBoolean(v);
        return this;
    }

    MetadataOutput i32(int v) throws IOException {
        out.writeInt(v);
        return this;
    }

    MetadataOutput i64(long v) throws IOException {
        out.writeLong(v);
        return this;
    }

    MetadataOutput string(String s) throws IOException {
        if (s == null) {
            out.writeShort(-1);
            return this;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes is too long for the metadata log");
        }
        out.writeShort(bytes.length);
        out.write(bytes);
        return this;
    }

    MetadataOutput uuid(UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
        return this;
    }

    /** A nullable list of ints (-1 count = null). */
    MetadataOutput ints(List<Integer> values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return this;
        }
        out.writeInt(values.size());
        for (int v : values) {
            out.writeInt(v);
        }
        return this;
    }

    MetadataOutput stringMap(Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            string(e.getKey());
            string(e.getValue());
        }
        return this;
    }

    void flush() throws IOException {
        out.flush();
    }
}
