package io.samsa.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.samsa.broker.config.Endpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server that binds every client listener and gives each accepted connection its
 * pipeline:
 * <pre>
 *   ConnectionCounter → IdleStateHandler → FrameDecoder → [protocol stages] → ConnectionErrorHandler
 * </pre>
 * One acceptor thread and {@code num.network.threads} event loops shared by all listeners; epoll
 * when available. Sockets get TCP_NODELAY, SO_REUSEADDR on the listening socket, and Kafka's
 * buffer sizes. {@link #shutdown} stops accepting, lets every connection finish the requests it
 * has read, then closes what is left and stops the threads.
 * <p>Starting has two phases so that a broker can bind while it opens its logs: {@link #bind()}
 * creates the event loops and listening sockets but accepts nothing (clients that connect wait in
 * the kernel's accept backlog, as with Kafka's socket server before it starts its processors), and
 * {@link #startAccepting} hands over the protocol and starts accepting. {@link #start()} does both.
 * <p>The lifecycle methods are synchronized; bind may run on a start-up thread while the control
 * thread (start-up, the shutdown hook) does the rest.
 */
public final class SocketServer implements AutoCloseable {
    /** The listener a connection was accepted on, set on every child channel. */
    public static final AttributeKey<Endpoint> LISTENER = AttributeKey.valueOf("samsa.listener");
    /** How long {@link #close()} lets connections finish their in-flight requests. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SocketServer.class);

    private final SocketServerConfig config;
    /** Chosen in {@link #bind()} when not given: probing epoll loads its native library (tens of ms). */
    private Transport transport;
    /** Set once by {@link #startAccepting} before the first accept; read by the event loops. */
    private volatile ProtocolInitializer protocol;
    private final ConnectionCounter counter = new ConnectionCounter();
    private final ChannelGroup connections = new DefaultChannelGroup("samsa-connections", GlobalEventExecutor.INSTANCE);
    private final List<Channel> serverChannels = new ArrayList<>();
    private EventLoopGroup acceptorGroup;
    private EventLoopGroup networkGroup;
    private volatile List<Endpoint> boundEndpoints = List.of();
    private boolean started;
    private boolean stopped;

    public SocketServer(SocketServerConfig config, ProtocolInitializer protocol, Transport transport) {
        this.config = config;
        this.protocol = protocol;
        this.transport = transport;
    }

    public SocketServer(SocketServerConfig config, ProtocolInitializer protocol) {
        this(config, protocol, null);
    }

    /** A server whose protocol is given later, to {@link #startAccepting}, and whose transport {@link #bind()} picks. */
    public SocketServer(SocketServerConfig config) {
        this(config, null, null);
    }

    /**
     * Binds every listener and starts accepting, with the protocol given to the constructor.
     *
     * @return the bound listeners, with the real port where port 0 was asked for
     * @throws IllegalStateException naming the listener that cannot be bound (the server is then closed)
     */
    public synchronized List<Endpoint> start() {
        if (protocol == null) {
            throw new IllegalStateException("no protocol: use bind() and startAccepting(protocol)");
        }
        List<Endpoint> bound = bind();
        startAccepting(protocol);
        return bound;
    }

    /**
     * Creates the event loops and binds every listener without accepting yet.
     *
     * @return the bound listeners, with the real port where port 0 was asked for
     * @throws IllegalStateException naming the listener that cannot be bound, or when the server was already
     *                               bound or shut down (the server is then closed)
     */
    public synchronized List<Endpoint> bind() {
        if (started || stopped) {
            throw new IllegalStateException(stopped ? "shut down" : "already started");
        }
        started = true;
        if (transport == null) {
            transport = Transport.best();
        }
        acceptorGroup = transport.newEventLoopGroup(1, "samsa-acceptor");
        networkGroup = transport.newEventLoopGroup(config.numNetworkThreads(), "samsa-network");
        List<Endpoint> bound = new ArrayList<>();
        for (Endpoint listener : config.listeners()) {
            ChannelFuture bind = bootstrap(listener).bind(listener.bindAddress()).awaitUninterruptibly();
            if (!bind.isSuccess()) {
                shutdown(Duration.ZERO);
                throw new IllegalStateException("Cannot bind listener " + listener + ": " + bind.cause().getMessage(),
                    bind.cause());
            }
            serverChannels.add(bind.channel());
            bound.add(listener.withPort(((InetSocketAddress) bind.channel().localAddress()).getPort()));
        }
        boundEndpoints = List.copyOf(bound);
        return boundEndpoints;
    }

    /**
     * Starts accepting on every bound listener; each accepted connection gets {@code protocol}'s stages. Connections
     * that arrived since {@link #bind()} are accepted now.
     */
    public synchronized void startAccepting(ProtocolInitializer protocol) {
        if (!started || stopped) {
            throw new IllegalStateException(stopped ? "shut down" : "not bound");
        }
        this.protocol = protocol;
        for (Channel server : serverChannels) {
            server.config().setAutoRead(true);
        }
        LOG.debug("Listening on {} with {} ({} network threads)", boundEndpoints, transport,
            config.numNetworkThreads());
    }

    /**
     * The buffer allocator of every connection: the one Netty's own switch
     * {@code -Dio.netty.allocator.type} names ({@code pooled}, {@code adaptive} or {@code unpooled};
     * read when the server binds, so a test can choose), else Netty's pooled allocator. Netty 4.2
     * defaults to its adaptive allocator; Samsa keeps the pooled one, the allocator its test suite
     * and benchmarks have run on (the adaptive one measured the same broker CPU per GiB produced,
     * see bench/produce-integrity.sh; issue #9's CORRUPT_MESSAGE under it was the
     * {@link FrameDecoder}'s, fixed there).
     */
    static ByteBufAllocator defaultAllocator() {
        String type = System.getProperty("io.netty.allocator.type", "pooled").trim().toLowerCase(Locale.ROOT);
        switch (type) {
            case "pooled":
                return PooledByteBufAllocator.DEFAULT;
            case "adaptive":
                return ByteBufAllocator.DEFAULT instanceof AdaptiveByteBufAllocator
                    ? ByteBufAllocator.DEFAULT : SharedAdaptiveAllocator.INSTANCE;
            case "unpooled":
                return UnpooledByteBufAllocator.DEFAULT;
            default:
                throw new IllegalArgumentException("io.netty.allocator.type must be pooled, adaptive or unpooled, not "
                    + type);
        }
    }

    /** Created on first use only: an adaptive allocator sets up magazines and chunk caches. */
    private static final class SharedAdaptiveAllocator {
        static final ByteBufAllocator INSTANCE = new AdaptiveByteBufAllocator();
    }

    /** The listeners as bound (real ports); empty before {@link #start()}. */
    public List<Endpoint> boundEndpoints() {
        return boundEndpoints;
    }

    /** The socket implementation; null before {@link #bind()} when none was given. */
    public synchronized Transport transport() {
        return transport;
    }

    /** Lifecycle counts of this server's connections. */
    public ConnectionCounter connections() {
        return counter;
    }

    /** Stops with {@link #DEFAULT_DRAIN_TIMEOUT}. */
    @Override
    public void close() {
        shutdown(DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * Stops accepting, asks every connection to {@link ConnectionEvent#DRAIN} (finish the requests
     * already read, then close), waits up to {@code drainTimeout}, closes what is left and stops
     * the event loops. Idempotent.
     */
    public synchronized void shutdown(Duration drainTimeout) {
        if (stopped) {
            return;
        }
        stopped = true; // also before bind: a bind that has not run yet must not bind any more
        if (!started) {
            return;
        }
        for (Channel server : serverChannels) {
            server.close().awaitUninterruptibly();
        }
        connections.forEach(ch -> ch.pipeline().fireUserEventTriggered(ConnectionEvent.DRAIN));
        boolean drained = connections.newCloseFuture().awaitUninterruptibly(drainTimeout.toMillis());
        if (!drained && !connections.isEmpty()) {
            LOG.warn("{} connection(s) still had requests in flight after {} ms; closing them",
                connections.size(), drainTimeout.toMillis());
        }
        connections.close().awaitUninterruptibly();
        acceptorGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        networkGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        acceptorGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        networkGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private ServerBootstrap bootstrap(Endpoint listener) {
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(acceptorGroup, networkGroup)
            .channel(transport.serverChannelClass())
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.AUTO_READ, false) // accepting starts in startAccepting
            .option(ChannelOption.SO_BACKLOG, config.listenBacklogSize())
            .option(ChannelOption.ALLOCATOR, defaultAllocator())
            .childOption(ChannelOption.ALLOCATOR, defaultAllocator())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childAttr(LISTENER, listener)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    connections.add(ch);
                    initPipeline(ch.pipeline(), listener);
                }
            });
        if (config.receiveBufferBytes() != -1) {
            // Set on the listening socket so the TCP window scale is negotiated for it (as Kafka does).
            bootstrap.option(ChannelOption.SO_RCVBUF, config.receiveBufferBytes());
        }
        if (config.sendBufferBytes() != -1) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.sendBufferBytes());
        }
        return bootstrap;
    }

    private void initPipeline(ChannelPipeline pipeline, Endpoint listener) {
        pipeline.addLast("counter", counter);
        if (config.connectionsMaxIdleMs() >= 0) {
            pipeline.addLast("idle", new IdleStateHandler(0, 0, config.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS));
        }
        pipeline.addLast("frameDecoder", new FrameDecoder(config.socketRequestMaxBytes()));
        protocol.initChannel(pipeline, listener);
        pipeline.addLast("errors", new ConnectionErrorHandler());
    }
}
