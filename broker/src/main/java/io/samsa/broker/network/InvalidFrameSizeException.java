package io.samsa.broker.network;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A request's 4-byte size prefix is negative or larger than {@code socket.request.max.bytes}.
 * The connection cannot be resynchronised, so it is closed. Extends Netty's
 * {@code DecoderException} family so it reaches {@code exceptionCaught} unwrapped.
 */
public final class InvalidFrameSizeException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    private final int size;
    private final int maxSize;

    public InvalidFrameSizeException(int size, int maxSize) {
        super(size < 0
            ? "invalid request size " + size + " (negative)"
            : "invalid request size " + size + " (larger than socket.request.max.bytes " + maxSize + ")");
        this.size = size;
        this.maxSize = maxSize;
    }

    /** The size prefix as received. */
    public int size() {
        return size;
    }

    /** The limit in force, {@code socket.request.max.bytes}. */
    public int maxSize() {
        return maxSize;
    }
}
