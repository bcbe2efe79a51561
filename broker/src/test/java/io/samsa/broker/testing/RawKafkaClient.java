package io.samsa.broker.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiMessage;
import io.samsa.protocol.message.RequestHeader;
import io.samsa.protocol.message.ResponseHeader;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A blocking Kafka protocol client over a plain socket, built on the codec: for tests that need to
 * send exactly the bytes they mean (a given version, a malformed frame, pipelined requests).
 * Reads have a timeout, so a test never hangs on a broker that does not answer.
 */
public final class RawKafkaClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    public RawKafkaClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code body} as a request of its API at {@code version}; returns the correlation id used. */
    public int send(ApiMessage body, short version) throws IOException {
        ApiKey key = ApiKey.forId(body.apiKey());
        int correlationId = nextCorrelationId++;
        RequestHeader header = new RequestHeader().setRequestApiKey(key.id()).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("raw-test-client");
        short headerVersion = key.requestHeaderVersion(version);
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(0);
        header.write(frame, headerVersion);
        body.write(frame, version);
        frame.setInt(0, frame.readableBytes() - 4);
        writeRaw(frame);
        return correlationId;
    }

    /** Writes bytes as they are (for malformed input). */
    public void writeRaw(ByteBuf bytes) throws IOException {
        byte[] array = new byte[bytes.readableBytes()];
        bytes.readBytes(array);
        bytes.release();
        out.write(array);
        out.flush();
    }

    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads one response frame and decodes it into {@code into} at {@code version}, checking the
     * correlation id. The response header version follows the API's rule (ApiVersions: always v0).
     */
    public <T extends ApiMessage> T receive(T into, short version, int expectedCorrelationId) throws IOException {
        ByteBuf frame = Unpooled.wrappedBuffer(readFrame());
        ApiKey key = ApiKey.forId(into.apiKey());
        ResponseHeader header = new ResponseHeader();
        header.read(frame, key.responseHeaderVersion(version));
        if (header.correlationId() != expectedCorrelationId) {
            throw new IOException("correlation id " + header.correlationId() + ", expected " + expectedCorrelationId);
        }
        into.read(frame, version);
        if (frame.isReadable()) {
            throw new IOException(frame.readableBytes() + " bytes left after the response body");
        }
        return into;
    }

    /** Sends and receives one request. */
    public <T extends ApiMessage> T call(ApiMessage request, T response, short version) throws IOException {
        return receive(response, version, send(request, version));
    }

    /** The next response frame's bytes (without its size prefix). */
    public byte[] readFrame() throws IOException {
        int size = in.readInt();
        byte[] frame = new byte[size];
        in.readFully(frame);
        return frame;
    }

    /** True if the broker closed the connection (end of stream) within the read timeout. */
    public boolean isClosedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
