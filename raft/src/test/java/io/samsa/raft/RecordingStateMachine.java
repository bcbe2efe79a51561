package io.samsa.raft;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A test state machine: the list of applied entries as strings; apply returns the entry's position as text. */
final class RecordingStateMachine implements ReplicatedStateMachine {

    private volatile List<String> entries = List.of();
    private volatile long lastIndex;
    private volatile int restores;

    @Override
    public byte[] apply(long index, long term, byte[] entry) {
        if (index <= lastIndex) {
            throw new IllegalStateException("index " + index + " applied after " + lastIndex);
        }
        List<String> next = new ArrayList<>(entries);
        next.add(new String(entry, StandardCharsets.UTF_8));
        entries = List.copyOf(next);
        lastIndex = index;
        return Integer.toString(next.size()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public SnapshotWriter snapshot() {
        List<String> captured = entries;
        long index = lastIndex;
        return out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeLong(index);
            data.writeInt(captured.size());
            for (String s : captured) {
                data.writeUTF(s);
            }
            data.flush();
        };
    }

    @Override
    public void restore(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        long index = data.readLong();
        int n = data.readInt();
        List<String> restored = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            restored.add(data.readUTF());
        }
        entries = List.copyOf(restored);
        lastIndex = index;
        restores++;
    }

    List<String> entries() {
        return entries;
    }

    int restores() {
        return restores;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
