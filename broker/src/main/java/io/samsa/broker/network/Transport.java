package io.samsa.broker.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;

/**
 * The socket implementation: Linux epoll when its native library loads, else Java NIO (same
 * behaviour, more garbage and system calls).
 */
public enum Transport {
    EPOLL(EpollIoHandler::newFactory, EpollServerSocketChannel.class),
    NIO(NioIoHandler::newFactory, NioServerSocketChannel.class);

    private final Supplier<IoHandlerFactory> ioHandlerFactory;
    private final Class<? extends ServerChannel> serverChannelClass;

    Transport(Supplier<IoHandlerFactory> ioHandlerFactory, Class<? extends ServerChannel> serverChannelClass) {
        this.ioHandlerFactory = ioHandlerFactory;
        this.serverChannelClass = serverChannelClass;
    }

    /** Epoll if available on this machine, else NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** A group of {@code threads} event loops whose threads are named {@code name-N}. */
    public EventLoopGroup newEventLoopGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name), ioHandlerFactory.get());
    }

    public Class<? extends ServerChannel> serverChannelClass() {
        return serverChannelClass;
    }
}
