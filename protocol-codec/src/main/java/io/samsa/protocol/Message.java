package io.samsa.protocol;

import io.netty.buffer.ByteBuf;
import io.samsa.protocol.wire.RawTaggedField;

import java.util.List;

/**
 * A generated Kafka message or struct: reads and writes itself at any version its spec defines.
 * Instances are mutable value holders confined to one thread at a time.
 */
public interface Message {
    /**
     * Replaces every field with what {@code buf} holds at {@code version}, advancing its reader index.
     * {@code records} fields become slices of {@code buf} (no copy, no retain).
     *
     * @throws MalformedMessageException if the bytes do not form this message
     * @throws UnsupportedVersionException if the spec has no such version
     */
    void read(ByteBuf buf, short version);

    /** Writes this message at {@code version}; fails on a non-default field that version lacks. */
    void write(ByteBuf buf, short version);

    /** The exact number of bytes {@link #write} produces at {@code version}. */
    int size(short version);

    short lowestSupportedVersion();

    short highestSupportedVersion();

    /** Tagged fields this codec does not know, kept so re-encoding is byte-exact. */
    List<RawTaggedField> unknownTaggedFields();
}
