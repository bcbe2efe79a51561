package io.samsa.broker.metadata;

import io.samsa.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What applying one record decided, carried back to the submitter as the log entry's result:
 * {@code int16 error code, int64 value, int16 length + UTF-8 message (-1 = null)}. {@code value} is the broker epoch
 * of a registration or the first id of a producer-id block.
 */
record ApplyOutcome(ErrorCode error, String message, long value) {

    static final ApplyOutcome OK = new ApplyOutcome(ErrorCode.NONE, null, 0);

    static ApplyOutcome ok(long value) {
        return new ApplyOutcome(ErrorCode.NONE, null, value);
    }

    static ApplyOutcome error(ErrorCode error, String message) {
        return new ApplyOutcome(error, message, 0);
    }

    boolean isOk() {
        return error == ErrorCode.NONE;
    }

    byte[] encode() {
        byte[] text = message == null ? null : message.getBytes(StandardCharsets.UTF_8);
        if (text != null && text.length > Short.MAX_VALUE) {
            text = java.util.Arrays.copyOf(text, Short.MAX_VALUE);
        }
        ByteBuffer buf = ByteBuffer.allocate(2 + 8 + 2 + (text == null ? 0 : text.length));
        buf.putShort(error.code()).putLong(value).putShort((short) (text == null ? -1 : text.length));
        if (text != null) {
            buf.put(text);
        }
        return buf.array();
    }

    static ApplyOutcome decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        ErrorCode error = ErrorCode.forCode(buf.getShort());
        long value = buf.getLong();
        short length = buf.getShort();
        String message = null;
        if (length >= 0) {
            byte[] text = new byte[length];
            buf.get(text);
            message = new String(text, StandardCharsets.UTF_8);
        }
        return new ApplyOutcome(error, message, value);
    }
}
