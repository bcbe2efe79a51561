package io.samsa.broker.metadata;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads what {@link MetadataOutput} writes, rejecting negative or oversized counts. */
final class MetadataInput {

    private static final int MAX_COUNT = 1 << 24;

    private final DataInputStream in;

    MetadataInput(InputStream in) {
        this.in = new DataInputStream(in);
    }

    int u8() throws IOException {
        return in.readUnsignedByte();
    }

    boolean bool() throws IOException {
        return in.readBoolean();
    }

    int i32() throws IOException {
        return in.readInt();
    }

    long i64() throws IOException {
        return in.readLong();
    }

    String string() throws IOException {
        short length = in.readShort();
        if (length == -1) {
            return null;
        }
        if (length < 0) {
            throw new MalformedRecordException("negative string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    UUID uuid() throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    List<Integer> ints() throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        List<Integer> values = new ArrayList<>(count(n));
        for (int i = 0; i < n; i++) {
            values.add(in.readInt());
        }
        return values;
    }

    Map<String, String> stringMap() throws IOException {
        int n = count(in.readInt());
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(string(), string());
        }
        return map;
    }

    /** Checks a count read from the input before anything is allocated for it. */
    int count(int n) throws MalformedRecordException {
        if (n < 0 || n > MAX_COUNT) {
            throw new MalformedRecordException("invalid count " + n);
        }
        return n;
    }

    /** Fails unless the input is exhausted, so trailing garbage is not mistaken for a valid record. */
    void expectEnd() throws IOException {
        if (in.read() != -1) {
            throw new MalformedRecordException("unexpected bytes after the record");
        }
    }
}
