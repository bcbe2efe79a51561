package io.samsa.broker.metadata;

import io.samsa.protocol.ErrorCode;

/** The outcome of one item of a metadata request, as Kafka reports it: an error code and an optional message. */
public record MetadataResult(ErrorCode error, String message) {

    public static final MetadataResult OK = new MetadataResult(ErrorCode.NONE, null);

    public static MetadataResult error(ErrorCode error, String message) {
        return new MetadataResult(error, message);
    }

    public boolean isOk() {
        return error == ErrorCode.NONE;
    }
}
