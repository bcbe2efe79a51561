package io.samsa.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiMessage;

/**
 * One decoded request: its {@link RequestContext}, its body and the frame it was read from.
 * <p>Ownership: the request <b>owns its frame</b>. Generated bodies read {@code records} fields as
 * unretained slices of the frame, so the body is valid only while the request is; whoever keeps
 * record bytes beyond the response (the log, a replication entry) retains its own slice. The
 * {@link ConnectionHandler} releases the request once its response is written, which releases
 * the frame. Reference counting is the frame's lifetime, nothing more.
 * <p>Confinement: created on the connection's event loop; handlers may read it from any thread
 * while their future is pending, but must not mutate it.
 */
public final class Request extends AbstractReferenceCounted {
    private final RequestContext context;
    private final ApiMessage body;
    private final ByteBuf frame;
    private final boolean unsupportedApiVersions;

    /**
     * @param frame                  the whole request frame; ownership passes to this request
     * @param unsupportedApiVersions an ApiVersions request of a version this broker does not know,
     *                               whose body was not parsed ({@code body} is a default v0 body)
     */
    public Request(RequestContext context, ApiMessage body, ByteBuf frame, boolean unsupportedApiVersions) {
        this.context = context;
        this.body = body;
        this.frame = frame;
        this.unsupportedApiVersions = unsupportedApiVersions;
    }

    public RequestContext context() {
        return context;
    }

    public ApiKey apiKey() {
        return context.apiKey();
    }

    public short apiVersion() {
        return context.apiVersion();
    }

    public ApiMessage body() {
        return body;
    }

    /** The body as the request class of its API, e.g. {@code body(ProduceRequest.class)}. */
    public <T extends ApiMessage> T body(Class<T> type) {
        return type.cast(body);
    }

    /**
     * KIP-511: an ApiVersions request of a version the broker does not support. The answer is a
     * v0 body with {@code UNSUPPORTED_VERSION} and the supported list ({@link Response#of} encodes
     * it at v0).
     */
    public boolean isUnsupportedApiVersions() {
        return unsupportedApiVersions;
    }

    /** Size of the request frame in bytes (without its size prefix). */
    public int sizeInBytes() {
        return frame.capacity();
    }

    @Override
    protected void deallocate() {
        frame.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        frame.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return context.toString();
    }
}
