package io.samsa.broker;

import io.samsa.broker.config.Endpoint;
import io.samsa.broker.network.EnabledApis;
import io.samsa.broker.network.InvalidRequestException;
import io.samsa.broker.network.KafkaProtocol;
import io.samsa.broker.network.Request;
import io.samsa.broker.network.RequestDispatcher;
import io.samsa.broker.network.Response;
import io.samsa.broker.network.SocketServer;
import io.samsa.broker.network.SocketServerConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's composition root. <b>Minimal placeholder</b>: it only starts and stops the socket
 * server; the handler registry, logs, partitions and metadata are wired in here later. Until then
 * no API is enabled, so every request closes its connection with one WARN line.
 * <p>{@link #start()} and {@link #stop()} are called from one control thread (Main, the shutdown
 * hook, a test).
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    /** Enables nothing: used until the handler registry exists. */
    private static final EnabledApis NO_APIS = (apiKey, version) -> false;
    private static final RequestDispatcher<Request, Response> NO_HANDLERS = request ->
        CompletableFuture.failedFuture(new InvalidRequestException("no handler for " + request.apiKey().displayName()));

    private final BrokerConfig config;
    private final SocketServer socketServer;
    private boolean stopped;

    public Broker(BrokerConfig config, EnabledApis enabledApis, RequestDispatcher<Request, Response> dispatcher) {
        this.config = config;
        this.socketServer = new SocketServer(SocketServerConfig.from(config), new KafkaProtocol(enabledApis, dispatcher));
    }

    public Broker(BrokerConfig config) {
        this(config, NO_APIS, NO_HANDLERS);
    }

    /**
     * Starts serving.
     *
     * @return the bound client listeners (real ports)
     */
    public synchronized List<Endpoint> start() {
        return socketServer.start();
    }

    /** The bound client listeners; empty before {@link #start()}. */
    public List<Endpoint> boundListeners() {
        return socketServer.boundEndpoints();
    }

    public BrokerConfig config() {
        return config;
    }

    /** Stops accepting, finishes the requests already read, then closes. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        long start = System.nanoTime();
        socketServer.close();
        LOG.info("Broker {} stopped in {} ms", config.nodeId(), (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void close() {
        stop();
    }
}
