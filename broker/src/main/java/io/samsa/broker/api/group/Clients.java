package io.samsa.broker.api.group;

import io.samsa.broker.group.RequestInfo;
import io.samsa.broker.network.RequestContext;

import java.net.InetSocketAddress;

/** Turns a request's context into what the group coordinator records about the client. Stateless. */
final class Clients {
    private Clients() {
    }

    /** Client id, host as Kafka prints it ({@code /127.0.0.1}) and API version. */
    static RequestInfo info(RequestContext ctx) {
        String host = ctx.peer() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().toString() : String.valueOf(ctx.peer() == null ? "" : ctx.peer());
        return new RequestInfo(ctx.clientId(), host, ctx.apiVersion());
    }
}
