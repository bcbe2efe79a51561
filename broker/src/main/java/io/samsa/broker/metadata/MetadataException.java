package io.samsa.broker.metadata;

import io.samsa.protocol.ErrorCode;

/**
 * Fails the future of a single-valued metadata operation ({@link MetadataStore#allocateProducerIds},
 * {@link MetadataStore#registerBroker}) with the Kafka error a handler should answer.
 */
public final class MetadataException extends RuntimeException {

    private final ErrorCode error;

    public MetadataException(ErrorCode error, String message) {
        super(message == null ? error.name() : message);
        this.error = error;
    }

    public ErrorCode error() {
        return error;
    }
}
