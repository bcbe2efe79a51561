package io.samsa.broker.network;

/**
 * A frame that cannot be turned into a request: an unknown API key, an unsupported version of an
 * API other than ApiVersions, or a header that does not parse. Like Kafka, the broker closes the
 * connection rather than answering, because it cannot know how to frame an answer.
 */
public final class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
