package io.samsa.broker.network;

import io.netty.channel.ChannelPipeline;
import io.samsa.broker.config.Endpoint;

/**
 * Adds the protocol stages of a new connection: after the socket server's
 * {@code IdleStateHandler} and {@link FrameDecoder}, and before its {@link ConnectionErrorHandler}.
 * For Kafka that is {@code RequestDecoder}, {@code ResponseEncoder} and a {@link ConnectionHandler};
 * tests plug in simpler stages. Called on the new channel's event loop.
 */
@FunctionalInterface
public interface ProtocolInitializer {
    void initChannel(ChannelPipeline pipeline, Endpoint listener);
}
