package io.samsa.broker.log;

/**
 * An index file whose entries cannot be right for its segment (not increasing, out of range, a
 * torn length). Loading catches it and rebuilds the index from the segment's {@code .log}.
 */
final class CorruptIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptIndexException(String message) {
        super(message);
    }
}
