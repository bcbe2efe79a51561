package io.samsa.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Start-up time as a client sees it: the time from launching a broker's JVM to the first answer to
 * a raw ApiVersions v0 request on its client port. Raw TCP (no Kafka client) so that the probe
 * itself costs nothing to start and measures the same thing on both brokers; v0 because every
 * Kafka broker answers it, whatever it supports.
 *
 * <p>Not thread-safe; one probe per launch.
 */
final class ApiVersionsProbe {
    private static final short API_VERSIONS = 18;
    private static final String CLIENT_ID = "samsa-bench-probe";
    /** Between connection attempts: short, because start-up is measured to this resolution. */
    private static final long RETRY_NANOS = 2_000_000L;

    private final InetSocketAddress address;
    private int correlationId;

    ApiVersionsProbe(String host, int port) {
        this.address = new InetSocketAddress(host, port);
    }

    /**
     * Polls until the broker answers, the process dies or the deadline passes.
     *
     * @return {@link System#nanoTime()} at the first well-formed ApiVersions answer without error
     * @throws IllegalStateException when the process exits or the deadline passes first
     */
    long awaitFirstAnswer(Process process, long deadlineNanos) {
        String last = "no connection yet";
        while (System.nanoTime() < deadlineNanos) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with code " + process.exitValue()
                    + " before answering ApiVersions");
            }
            try {
                if (answers(deadlineNanos)) {
                    return System.nanoTime();
                }
                last = "ApiVersions answered with an error";
            } catch (IOException e) {
                last = e.toString();
            }
            pause();
        }
        throw new IllegalStateException("no ApiVersions answer from " + address + " before the deadline; last: " + last);
    }

    /** One attempt: connect, send ApiVersions v0, read the answer (or fail with an I/O error). */
    boolean answers(long deadlineNanos) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(address, 200);
            long remainingMs = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMs));
            int id = ++correlationId;
            OutputStream out = socket.getOutputStream();
            out.write(request(id));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size < 6 || size > 1 << 20) {
                throw new IOException("implausible ApiVersions response size " + size);
            }
            byte[] body = new byte[size];
            in.readFully(body);
            ByteBuffer response = ByteBuffer.wrap(body);
            if (response.getInt() != id) {
                throw new IOException("ApiVersions answer with a foreign correlation id");
            }
            return response.getShort() == 0;
        }
    }

    /** Request header v1 (api key, version, correlation id, nullable client id), empty v0 body. */
    private static byte[] request(int correlationId) {
        byte[] clientId = CLIENT_ID.getBytes(StandardCharsets.UTF_8);
        int size = 2 + 2 + 4 + 2 + clientId.length;
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        buffer.putInt(size).putShort(API_VERSIONS).putShort((short) 0).putInt(correlationId)
            .putShort((short) clientId.length).put(clientId);
        return buffer.array();
    }

    private static void pause() {
        // Pacing between connection attempts, not synchronisation: the loop above decides.
        java.util.concurrent.locks.LockSupport.parkNanos(RETRY_NANOS);
    }
}
