package io.samsa.broker.network;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the connections of a socket server over their lifecycle: open now, accepted and closed
 * since start. Shared by every channel of the server (thread-safe counters).
 */
@Sharable
public final class ConnectionCounter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCounter.class);

    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder closed = new LongAdder();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        accepted.increment();
        int now = open.incrementAndGet();
        LOG.debug("Accepted connection {} ({} open)", ConnectionErrorHandler.describe(ctx.channel()), now);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed.increment();
        int now = open.decrementAndGet();
        LOG.debug("Closed connection {} ({} open)", ConnectionErrorHandler.describe(ctx.channel()), now);
        ctx.fireChannelInactive();
    }

    public int open() {
        return open.get();
    }

    public long accepted() {
        return accepted.sum();
    }

    public long closed() {
        return closed.sum();
    }
}
