package io.samsa.broker.metadata;

import java.io.IOException;

/** Bytes in the metadata log or a metadata snapshot that are not a record or image this version can read. */
public final class MalformedRecordException extends IOException {
    public MalformedRecordException(String message) {
        super(message);
    }
}
