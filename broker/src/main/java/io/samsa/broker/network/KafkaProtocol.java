package io.samsa.broker.network;

import io.netty.channel.ChannelPipeline;
import io.samsa.broker.config.Endpoint;

/**
 * The Kafka protocol stages of a connection:
 * {@code RequestDecoder → ResponseEncoder → ConnectionHandler<Request, Response>}, after the socket
 * server's framing and before its error handler. The dispatcher and the enabled versions come from
 * the broker's handler registry.
 */
public final class KafkaProtocol implements ProtocolInitializer {
    /**
     * Requests of one connection processed at a time, as Kafka does (it mutes a channel while a
     * request is being handled); later requests wait, already read, in the connection handler.
     */
    public static final int MAX_IN_FLIGHT_PER_CONNECTION = 1;

    private final EnabledApis enabledApis;
    private final RequestDispatcher<Request, Response> dispatcher;
    private final int maxInFlight;

    public KafkaProtocol(EnabledApis enabledApis, RequestDispatcher<Request, Response> dispatcher, int maxInFlight) {
        this.enabledApis = enabledApis;
        this.dispatcher = dispatcher;
        this.maxInFlight = maxInFlight;
    }

    public KafkaProtocol(EnabledApis enabledApis, RequestDispatcher<Request, Response> dispatcher) {
        this(enabledApis, dispatcher, MAX_IN_FLIGHT_PER_CONNECTION);
    }

    @Override
    public void initChannel(ChannelPipeline pipeline, Endpoint listener) {
        pipeline.addLast("requestDecoder", new RequestDecoder(enabledApis));
        pipeline.addLast("responseEncoder", new ResponseEncoder());
        pipeline.addLast("connection", new ConnectionHandler<>(dispatcher, maxInFlight));
    }
}
