package io.samsa.broker.network;

import io.samsa.broker.BrokerConfig;
import io.samsa.broker.config.Endpoint;
import java.util.List;

/**
 * The slice of {@link BrokerConfig} the socket server needs.
 *
 * @param listeners            the client listeners to bind (port 0: any free port)
 * @param numNetworkThreads    event-loop threads shared by all listeners
 * @param socketRequestMaxBytes largest accepted request frame
 * @param connectionsMaxIdleMs idle time after which a connection is closed; negative disables
 * @param sendBufferBytes      SO_SNDBUF, -1 for the OS default
 * @param receiveBufferBytes   SO_RCVBUF, -1 for the OS default
 * @param listenBacklogSize    accept backlog
 */
public record SocketServerConfig(
        List<Endpoint> listeners,
        int numNetworkThreads,
        int socketRequestMaxBytes,
        long connectionsMaxIdleMs,
        int sendBufferBytes,
        int receiveBufferBytes,
        int listenBacklogSize) {

    public SocketServerConfig {
        listeners = List.copyOf(listeners);
    }

    public static SocketServerConfig from(BrokerConfig config) {
        return new SocketServerConfig(config.brokerListeners(), config.numNetworkThreads(),
            config.socketRequestMaxBytes(), config.connectionsMaxIdleMs(), config.socketSendBufferBytes(),
            config.socketReceiveBufferBytes(), config.socketListenBacklogSize());
    }
}
