package io.samsa.broker.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.samsa.broker.config.Endpoint;
import io.samsa.protocol.MalformedMessageException;
import io.samsa.protocol.UnsupportedVersionException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every connection: the one place a failing connection is logged and closed.
 * A malformed frame or request (bad size prefix, unparsable header, unknown API key) is one WARN
 * line naming the peer, the listener and the reason; an I/O error (peer reset) is DEBUG; anything
 * else is a bug and is logged with its stack trace. Whatever follows on the same connection is
 * only DEBUG, so one bad client produces one line. It also closes connections that the
 * {@link ConnectionHandler} let through as idle, and those asked to {@link ConnectionEvent#DRAIN}
 * when no connection handler is installed.
 * <p>One instance per channel, confined to its event loop.
 */
public final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionErrorHandler.class);

    private boolean reported;

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = unwrap(cause);
        String peer = describe(ctx.channel());
        if (reported) {
            LOG.debug("Further error on closing connection {}: {}", peer, reason.toString());
        } else if (reason instanceof IOException) {
            LOG.debug("Connection {} failed: {}", peer, reason.toString());
        } else if (isMalformedInput(reason)) {
            LOG.warn("Closing connection {}: {}", peer, reason.getMessage());
        } else {
            LOG.warn("Closing connection {} after an unexpected error", peer, reason);
        }
        reported = true;
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("Closing idle connection {}", describe(ctx.channel()));
            ctx.close();
        } else if (evt == ConnectionEvent.DRAIN) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** Bytes that do not form a valid request: the client's fault, not ours. */
    static boolean isMalformedInput(Throwable reason) {
        return reason instanceof DecoderException
            || reason instanceof MalformedMessageException
            || reason instanceof UnsupportedVersionException
            || reason instanceof InvalidRequestException;
    }

    /** {@code /peer:port on LISTENER} for log lines. */
    static String describe(Channel channel) {
        Endpoint listener = channel.attr(SocketServer.LISTENER).get();
        return channel.remoteAddress() + (listener == null ? "" : " on " + listener.listenerName());
    }

    private static Throwable unwrap(Throwable cause) {
        Throwable t = cause;
        while ((t instanceof DecoderException || t instanceof RequestFailedException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
