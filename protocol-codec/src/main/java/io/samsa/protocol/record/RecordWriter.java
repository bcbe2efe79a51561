package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.List;

import static io.samsa.protocol.wire.Wire.sizeOfVarint;
import static io.samsa.protocol.wire.Wire.sizeOfVarlong;
import static io.samsa.protocol.wire.Wire.writeVarint;
import static io.samsa.protocol.wire.Wire.writeVarlong;

/** Writes v2 records, the inverse of {@link RecordReader}. Stateless. */
final class RecordWriter {
    private RecordWriter() {
    }

    static void write(ByteBuf out, int offsetDelta, long timestampDelta, byte[] key, byte[] value,
                      List<Header> headers) {
        writeVarint(out, bodySize(offsetDelta, timestampDelta, key, value, headers));
        out.writeByte(0); // attributes: unused in v2
        writeVarlong(out, timestampDelta);
        writeVarint(out, offsetDelta);
        writeNullableBytes(out, key);
        writeNullableBytes(out, value);
        writeVarint(out, headers.size());
        for (Header header : headers) {
            writeVarint(out, ByteBufUtil.utf8Bytes(header.key()));
            ByteBufUtil.writeUtf8(out, header.key());
            writeNullableBytes(out, header.value());
        }
    }

    private static int bodySize(int offsetDelta, long timestampDelta, byte[] key, byte[] value, List<Header> headers) {
        int size = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarint(offsetDelta)
                + sizeOfNullableBytes(key) + sizeOfNullableBytes(value) + sizeOfVarint(headers.size());
        for (Header header : headers) {
            int keyLength = ByteBufUtil.utf8Bytes(header.key());
            size += sizeOfVarint(keyLength) + keyLength + sizeOfNullableBytes(header.value());
        }
        return size;
    }

    private static int sizeOfNullableBytes(byte[] bytes) {
        return bytes == null ? 1 : sizeOfVarint(bytes.length) + bytes.length;
    }

    private static void writeNullableBytes(ByteBuf out, byte[] bytes) {
        if (bytes == null) {
            writeVarint(out, -1);
        } else {
            writeVarint(out, bytes.length);
            out.writeBytes(bytes);
        }
    }
}
