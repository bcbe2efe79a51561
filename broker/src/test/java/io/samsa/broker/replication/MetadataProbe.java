package io.samsa.broker.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.message.MetadataRequest;
import io.samsa.protocol.message.MetadataResponse;
import io.samsa.protocol.message.RequestHeader;
import io.samsa.protocol.message.ResponseHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * Asks one given broker for its own Metadata answer over a plain socket (a Kafka client would ask whichever broker
 * it likes), so a test can compare what each node says.
 */
final class MetadataProbe {

    private static final short VERSION = 12;
    private static final int TIMEOUT_MS = 5_000;

    private MetadataProbe() {
    }

    static MetadataResponse ask(int port, String topic) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            MetadataRequest request = new MetadataRequest()
                    .setTopics(List.of(new MetadataRequest.MetadataRequestTopic().setName(topic)))
                    .setAllowAutoTopicCreation(false);
            ApiKey key = ApiKey.forId(request.apiKey());
            ByteBuf frame = Unpooled.buffer();
            try {
                frame.writeInt(0);
                new RequestHeader().setRequestApiKey(key.id()).setRequestApiVersion(VERSION).setCorrelationId(1)
                        .setClientId("metadata-probe").write(frame, key.requestHeaderVersion(VERSION));
                request.write(frame, VERSION);
                frame.setInt(0, frame.readableBytes() - 4);
                byte[] bytes = new byte[frame.readableBytes()];
                frame.readBytes(bytes);
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } finally {
                frame.release();
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            ByteBuf response = Unpooled.wrappedBuffer(body);
            new ResponseHeader().read(response, key.responseHeaderVersion(VERSION));
            MetadataResponse metadata = new MetadataResponse();
            metadata.read(response, VERSION);
            return metadata;
        }
    }
}
