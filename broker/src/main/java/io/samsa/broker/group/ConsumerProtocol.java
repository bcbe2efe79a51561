package io.samsa.broker.group;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.protocol.MalformedMessageException;
import io.samsa.protocol.message.ConsumerProtocolSubscription;

import java.util.List;
import java.util.Optional;

/**
 * Reads the subscription a member of a {@code consumer}-type group embeds in its protocol metadata: a 2-byte
 * version followed by Kafka's {@code ConsumerProtocolSubscription}. The broker needs only the topics, to know
 * which offsets a live group still uses (OffsetDelete, offset expiry). Stateless.
 */
final class ConsumerProtocol {
    /** The protocol type of groups of the Java consumer and every client compatible with it. */
    static final String PROTOCOL_TYPE = "consumer";

    private ConsumerProtocol() {
    }

    /**
     * The topics a serialized subscription names; empty if the bytes are not a subscription. A version newer than
     * the codec knows is read as the newest known one: later versions only append fields (Kafka does the same).
     */
    static Optional<List<String>> subscribedTopics(byte[] metadata) {
        if (metadata == null || metadata.length < 2) {
            return Optional.empty();
        }
        ByteBuf buf = Unpooled.wrappedBuffer(metadata);
        try {
            short version = buf.readShort();
            if (version < 0) {
                return Optional.empty();
            }
            ConsumerProtocolSubscription subscription = new ConsumerProtocolSubscription();
            subscription.read(buf, (short) Math.min(version, ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION));
            return Optional.of(subscription.topics());
        } catch (MalformedMessageException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
