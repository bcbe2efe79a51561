package io.samsa.broker.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.message.FetchRequest;
import io.samsa.protocol.message.FetchResponse;
import io.samsa.protocol.message.RequestHeader;
import io.samsa.protocol.message.ResponseHeader;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * A blocking Kafka Fetch client to one broker's client listener, for a replica that copies a partition from its data
 * group's leader (a catch-up beyond the Raft log). It fetches as a consumer would, up to the leader's high watermark,
 * which is where everything a catch-up copies already is; the answer carries the batches exactly as the leader stores
 * them. One request in flight; used by one copying thread, never an event loop.
 *
 * <p>Ownership: {@link #fetch} returns a response whose records are slices of a heap buffer it owns; they stay valid
 * until the next call.
 */
final class LeaderFetcher implements Closeable {

    private static final short VERSION = 12; // the last version naming topics, not ids (KIP-516 came in v13)
    private static final int TIMEOUT_MS = 15_000;

    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    LeaderFetcher(String host, int port) throws IOException {
        try {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** One partition's data from {@code offset}, at most {@code maxBytes} (at least one batch). */
    FetchResponse.PartitionData fetch(String topic, int partition, long offset, int maxBytes) throws IOException {
        FetchRequest request = new FetchRequest().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0).setMaxBytes(maxBytes)
                .setIsolationLevel((byte) 0).setSessionId(0).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequest.FetchTopic().setTopic(topic).setPartitions(List.of(
                        new FetchRequest.FetchPartition().setPartition(partition).setCurrentLeaderEpoch(-1)
                                .setFetchOffset(offset).setLastFetchedEpoch(-1).setLogStartOffset(-1)
                                .setPartitionMaxBytes(maxBytes)))));
        ApiKey key = ApiKey.FETCH;
        ByteBuf frame = Unpooled.buffer();
        try {
            frame.writeInt(0);
            new RequestHeader().setRequestApiKey(key.id()).setRequestApiVersion(VERSION)
                    .setCorrelationId(++correlationId).setClientId("samsa-replica-copy")
                    .write(frame, key.requestHeaderVersion(VERSION));
            request.write(frame, VERSION);
            frame.setInt(0, frame.readableBytes() - 4);
            out.write(frame.array(), frame.arrayOffset() + frame.readerIndex(), frame.readableBytes());
            out.flush();
        } finally {
            frame.release();
        }
        int length = in.readInt();
        if (length < 0 || length > (256 << 20)) {
            throw new IOException("fetch answer of " + length + " bytes");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        ByteBuf answer = Unpooled.wrappedBuffer(body);
        ResponseHeader header = new ResponseHeader();
        header.read(answer, key.responseHeaderVersion(VERSION));
        if (header.correlationId() != correlationId) {
            throw new IOException("fetch answer for request " + header.correlationId() + ", expected " + correlationId);
        }
        FetchResponse response = new FetchResponse();
        response.read(answer, VERSION);
        for (FetchResponse.FetchableTopicResponse t : response.responses()) {
            for (FetchResponse.PartitionData p : t.partitions()) {
                if (p.partitionIndex() == partition) {
                    return p;
                }
            }
        }
        throw new IOException("fetch answer without " + topic + "-" + partition + " (error " + response.errorCode()
                + ")");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
