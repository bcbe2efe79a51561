package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.samsa.protocol.MalformedMessageException;
import io.samsa.protocol.wire.Wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses one v2 record body and resolves it against its batch header. A record on the wire is
 * {@code length varint} then the body: attributes int8, timestampDelta varlong, offsetDelta varint,
 * key (varint length, -1 = null), value (likewise), header count varint, and per header a key
 * (varint length + UTF-8) and a value (varint length, -1 = null). The body must be used exactly.
 */
final class RecordReader {
    /** attributes, timestamp delta, offset delta, key length, value length, header count: a byte each. */
    static final int MIN_BODY_SIZE = 6;
    /** The most bytes a varint record length takes. */
    static final int MAX_LENGTH_SIZE = 5;

    private final long baseOffset;
    private final long baseTimestamp;
    private final boolean logAppendTime;
    private final long maxTimestamp;
    private final int baseSequence;

    RecordReader(RecordBatch batch) {
        this.baseOffset = batch.baseOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.maxTimestamp = batch.maxTimestamp();
        this.baseSequence = batch.baseSequence();
    }

    /** Checks a record's declared body length before anything is read or allocated for it. */
    static int checkBodyLength(int length, long available) {
        if (length < MIN_BODY_SIZE || length > available) {
            throw new CorruptRecordException("record length " + length + " is invalid with " + available
                    + " bytes left");
        }
        return length;
    }

    /** Reads the record whose body is exactly the readable bytes of {@code body}. */
    Record read(ByteBuf body) {
        try {
            Wire.readInt8(body); // attributes: unused in v2
            long timestampDelta = Wire.readVarlong(body);
            int offsetDelta = Wire.readVarint(body);
            byte[] key = readNullableBytes(body);
            byte[] value = readNullableBytes(body);
            List<Header> headers = readHeaders(body);
            if (body.isReadable()) {
                throw new CorruptRecordException("record has " + body.readableBytes() + " bytes past its end");
            }
            long timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
            int sequence = baseSequence == RecordBatch.NO_SEQUENCE
                    ? RecordBatch.NO_SEQUENCE : RecordBatch.incrementSequence(baseSequence, offsetDelta);
            return new Record(baseOffset + offsetDelta, timestamp, sequence, key, value, headers);
        } catch (MalformedMessageException e) {
            throw new CorruptRecordException("malformed record: " + e.getMessage(), e);
        }
    }

    private static List<Header> readHeaders(ByteBuf body) {
        int count = Wire.readVarint(body);
        // Each header takes at least two bytes (two lengths), which bounds the list's size.
        if (count < 0 || count > body.readableBytes() / 2) {
            throw new CorruptRecordException("invalid header count " + count);
        }
        if (count == 0) {
            return List.of();
        }
        List<Header> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int keyLength = Wire.readVarint(body);
            if (keyLength < 0 || keyLength > body.readableBytes()) {
                throw new CorruptRecordException("invalid header key length " + keyLength);
            }
            String key = body.toString(body.readerIndex(), keyLength, StandardCharsets.UTF_8);
            body.skipBytes(keyLength);
            headers.add(new Header(key, readNullableBytes(body)));
        }
        return Collections.unmodifiableList(headers);
    }

    private static byte[] readNullableBytes(ByteBuf body) {
        int length = Wire.readVarint(body);
        if (length == -1) {
            return null;
        }
        if (length < -1 || length > body.readableBytes()) {
            throw new CorruptRecordException("invalid key, value or header length " + length);
        }
        byte[] bytes = new byte[length];
        body.readBytes(bytes);
        return bytes;
    }
}
