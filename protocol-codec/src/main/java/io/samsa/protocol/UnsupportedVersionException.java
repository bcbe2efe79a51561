package io.samsa.protocol;

/**
 * Thrown when a message is read or written at a version its spec does not define, or when a field
 * that the requested version lacks holds a non-default value and is not {@code ignorable} (the
 * value would be silently lost on the wire, so writing fails loudly, as Kafka's generated code does).
 */
public final class UnsupportedVersionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String message) {
        super(message);
    }
}
