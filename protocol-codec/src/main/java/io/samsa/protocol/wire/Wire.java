package io.samsa.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.samsa.protocol.MalformedMessageException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Kafka's wire primitives over a {@link ByteBuf}: fixed-width integers, (zig-zag) varints,
 * classic and compact (KIP-482) lengths, strings, bytes and UUIDs.
 *
 * <p>Every reader checks {@code readableBytes()} before it reads or allocates, so a hostile length
 * can never make the codec allocate more than the input could justify; malformed input raises
 * {@link MalformedMessageException} and nothing else. Stateless; safe from any thread.
 */
public final class Wire {
    /** Kafka's all-zero UUID, the default of every {@code uuid} field. */
    public static final UUID ZERO_UUID = new UUID(0L, 0L);
    /** Kafka caps strings at a signed 16-bit length in every encoding. */
    public static final int MAX_STRING_LENGTH = Short.MAX_VALUE;

    /** The shared empty byte array: the default of every non-nullable {@code bytes} field. */
    public static final byte[] EMPTY_BYTES = new byte[0];

    private Wire() {
    }

    // ---- bounds ----------------------------------------------------------------------------

    /** Fails unless {@code n} more bytes can be read. */
    public static void require(ByteBuf buf, int n) {
        if (n < 0 || buf.readableBytes() < n) {
            throw new MalformedMessageException(
                    "need " + n + " bytes but only " + buf.readableBytes() + " remain");
        }
    }

    // ---- fixed width -----------------------------------------------------------------------

    public static boolean readBool(ByteBuf buf) {
        require(buf, 1);
        return buf.readByte() != 0;
    }

    public static byte readInt8(ByteBuf buf) {
        require(buf, 1);
        return buf.readByte();
    }

    public static short readInt16(ByteBuf buf) {
        require(buf, 2);
        return buf.readShort();
    }

    public static int readUint16(ByteBuf buf) {
        require(buf, 2);
        return buf.readUnsignedShort();
    }

    public static int readInt32(ByteBuf buf) {
        require(buf, 4);
        return buf.readInt();
    }

    public static long readInt64(ByteBuf buf) {
        require(buf, 8);
        return buf.readLong();
    }

    public static double readFloat64(ByteBuf buf) {
        require(buf, 8);
        return buf.readDouble();
    }

    public static UUID readUuid(ByteBuf buf) {
        require(buf, 16);
        return new UUID(buf.readLong(), buf.readLong());
    }

    public static void writeUuid(ByteBuf buf, UUID uuid) {
        buf.writeLong(uuid.getMostSignificantBits());
        buf.writeLong(uuid.getLeastSignificantBits());
    }

    // ---- varints ---------------------------------------------------------------------------

    /** An unsigned LEB128 varint of at most 5 bytes. */
    public static int readUnsignedVarint(ByteBuf buf) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            require(buf, 1);
            byte b = buf.readByte();
            if (shift == 28 && (b & 0xF0) != 0) {
                throw new MalformedMessageException("varint is too long");
            }
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedMessageException("varint is too long");
    }

    /** An unsigned LEB128 varlong of at most 10 bytes. */
    public static long readUnsignedVarlong(ByteBuf buf) {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            require(buf, 1);
            byte b = buf.readByte();
            if (shift == 63 && (b & 0xFE) != 0) {
                throw new MalformedMessageException("varlong is too long");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedMessageException("varlong is too long");
    }

    /** A zig-zag encoded signed varint (record fields). */
    public static int readVarint(ByteBuf buf) {
        int raw = readUnsignedVarint(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** A zig-zag encoded signed varlong (record fields). */
    public static long readVarlong(ByteBuf buf) {
        long raw = readUnsignedVarlong(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static void writeUnsignedVarint(ByteBuf buf, int value) {
        while ((value & 0xFFFFFF80) != 0) {
            buf.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf.writeByte(value);
    }

    public static void writeUnsignedVarlong(ByteBuf buf, long value) {
        while ((value & 0xFFFFFFFFFFFFFF80L) != 0L) {
            buf.writeByte(((int) value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf.writeByte((int) value);
    }

    public static void writeVarint(ByteBuf buf, int value) {
        writeUnsignedVarint(buf, (value << 1) ^ (value >> 31));
    }

    public static void writeVarlong(ByteBuf buf, long value) {
        writeUnsignedVarlong(buf, (value << 1) ^ (value >> 63));
    }

    public static int sizeOfUnsignedVarint(int value) {
        // 1 byte per started group of 7 bits; 0 still takes one byte.
        int bits = 32 - Integer.numberOfLeadingZeros(value);
        return Math.max(1, (bits + 6) / 7);
    }

    public static int sizeOfUnsignedVarlong(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value);
        return Math.max(1, (bits + 6) / 7);
    }

    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    public static int sizeOfVarlong(long value) {
        return sizeOfUnsignedVarlong((value << 1) ^ (value >> 63));
    }

    // ---- lengths ---------------------------------------------------------------------------

    /**
     * Reads a string or bytes length: int16 (strings) or int32 (bytes) in classic encodings, an
     * unsigned varint of length + 1 in compact ones. Returns -1 for null. The length is checked
     * against the bytes that remain.
     */
    private static int readLength(ByteBuf buf, boolean compact, boolean int16) {
        int length;
        if (compact) {
            length = readUnsignedVarint(buf) - 1;
        } else {
            length = int16 ? readInt16(buf) : readInt32(buf);
        }
        if (length < -1) {
            throw new MalformedMessageException("negative length " + length);
        }
        if (length > buf.readableBytes()) {
            throw new MalformedMessageException(
                    "length " + length + " exceeds the " + buf.readableBytes() + " bytes that remain");
        }
        return length;
    }

    /**
     * Reads an array's element count (int32, or unsigned varint count + 1 when compact); -1 for
     * null. Every element takes at least a byte on the wire, so a count above the bytes that
     * remain is malformed: this bounds the list the caller allocates.
     */
    public static int readArrayLength(ByteBuf buf, boolean compact) {
        int count = compact ? readUnsignedVarint(buf) - 1 : readInt32(buf);
        if (count < -1) {
            throw new MalformedMessageException("negative array length " + count);
        }
        if (count > buf.readableBytes()) {
            throw new MalformedMessageException(
                    "array of " + count + " elements but only " + buf.readableBytes() + " bytes remain");
        }
        return count;
    }

    public static void writeArrayLength(ByteBuf buf, int count, boolean compact) {
        if (compact) {
            writeUnsignedVarint(buf, count + 1);
        } else {
            buf.writeInt(count);
        }
    }

    public static int sizeOfArrayLength(int count, boolean compact) {
        return compact ? sizeOfUnsignedVarint(count + 1) : 4;
    }

    // ---- strings ---------------------------------------------------------------------------

    /** Reads a nullable string; -1 length is {@code null}. */
    public static String readString(ByteBuf buf, boolean compact) {
        int length = readLength(buf, compact, true);
        if (length < 0) {
            return null;
        }
        if (length > MAX_STRING_LENGTH) {
            throw new MalformedMessageException("string length " + length + " exceeds " + MAX_STRING_LENGTH);
        }
        String value = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return value;
    }

    public static void writeString(ByteBuf buf, String value, boolean compact) {
        if (value == null) {
            if (compact) {
                buf.writeByte(0);
            } else {
                buf.writeShort(-1);
            }
            return;
        }
        int length = utf8Length(value);
        if (compact) {
            writeUnsignedVarint(buf, length + 1);
        } else {
            buf.writeShort(length);
        }
        ByteBufUtil.reserveAndWriteUtf8(buf, value, length);
    }

    public static int sizeOfString(String value, boolean compact) {
        if (value == null) {
            return compact ? 1 : 2;
        }
        int length = utf8Length(value);
        return (compact ? sizeOfUnsignedVarint(length + 1) : 2) + length;
    }

    private static int utf8Length(String value) {
        int length = ByteBufUtil.utf8Bytes(value);
        if (length > MAX_STRING_LENGTH) {
            throw new IllegalArgumentException("string of " + length + " bytes exceeds " + MAX_STRING_LENGTH);
        }
        return length;
    }

    // ---- bytes and records -----------------------------------------------------------------

    /** Reads a nullable byte array (copied: such fields are small, e.g. group metadata). */
    public static byte[] readBytes(ByteBuf buf, boolean compact) {
        int length = readLength(buf, compact, false);
        if (length < 0) {
            return null;
        }
        if (length == 0) {
            return EMPTY_BYTES;
        }
        byte[] value = new byte[length];
        buf.readBytes(value);
        return value;
    }

    public static void writeBytes(ByteBuf buf, byte[] value, boolean compact) {
        writeBytesLength(buf, value == null ? -1 : value.length, compact);
        if (value != null) {
            buf.writeBytes(value);
        }
    }

    public static int sizeOfBytes(byte[] value, boolean compact) {
        return sizeOfBytesLength(value == null ? -1 : value.length, compact) + (value == null ? 0 : value.length);
    }

    /**
     * Reads a nullable {@code records} field as a slice of {@code buf}: no copy and no retain, so the
     * slice is valid exactly as long as {@code buf} is; a holder that outlives it must retain it.
     */
    public static ByteBuf readRecords(ByteBuf buf, boolean compact) {
        int length = readLength(buf, compact, false);
        return length < 0 ? null : buf.readSlice(length);
    }

    public static void writeRecords(ByteBuf buf, ByteBuf records, boolean compact) {
        writeBytesLength(buf, records == null ? -1 : records.readableBytes(), compact);
        if (records != null) {
            buf.writeBytes(records, records.readerIndex(), records.readableBytes());
        }
    }

    public static int sizeOfRecords(ByteBuf records, boolean compact) {
        int length = records == null ? -1 : records.readableBytes();
        return sizeOfBytesLength(length, compact) + Math.max(0, length);
    }

    public static void writeBytesLength(ByteBuf buf, int length, boolean compact) {
        if (compact) {
            writeUnsignedVarint(buf, length + 1);
        } else {
            buf.writeInt(length);
        }
    }

    public static int sizeOfBytesLength(int length, boolean compact) {
        return compact ? sizeOfUnsignedVarint(length + 1) : 4;
    }

    // ---- tagged fields ---------------------------------------------------------------------

    /** Reads an unknown tagged field's body (its size already read) so it can be re-encoded as is. */
    public static RawTaggedField readRawTaggedField(ByteBuf buf, int tag, int size) {
        require(buf, size);
        byte[] data = new byte[size];
        buf.readBytes(data);
        return new RawTaggedField(tag, data);
    }

    public static void writeRawTaggedField(ByteBuf buf, RawTaggedField field) {
        writeUnsignedVarint(buf, field.tag());
        writeUnsignedVarint(buf, field.data().length);
        buf.writeBytes(field.data());
    }

    public static int sizeOfRawTaggedField(RawTaggedField field) {
        return sizeOfUnsignedVarint(field.tag()) + sizeOfUnsignedVarint(field.data().length) + field.data().length;
    }

    /** Reads an unknown tagged field into {@code fields} (created on first use) and returns the list. */
    public static List<RawTaggedField> addRawTaggedField(List<RawTaggedField> fields, ByteBuf buf, int tag, int size) {
        List<RawTaggedField> list = fields == null ? new ArrayList<>(1) : fields;
        list.add(readRawTaggedField(buf, tag, size));
        return list;
    }

    /** A known tagged field must fill exactly the size its header announced. */
    public static void checkTaggedFieldSize(ByteBuf buf, int start, int size, int tag) {
        int read = buf.readerIndex() - start;
        if (read != size) {
            throw new MalformedMessageException("tagged field " + tag + " announced " + size + " bytes but held " + read);
        }
    }

    /**
     * Writes the unknown tagged fields from index {@code from} whose tags are below {@code beforeTag},
     * so that known and unknown fields go out in ascending tag order; returns the next index.
     */
    public static int writeRawTaggedFields(ByteBuf buf, List<RawTaggedField> fields, int from, int beforeTag) {
        if (fields == null) {
            return 0;
        }
        int i = from;
        while (i < fields.size() && fields.get(i).tag() < beforeTag) {
            writeRawTaggedField(buf, fields.get(i));
            i++;
        }
        return i;
    }

    public static int sizeOfRawTaggedFields(List<RawTaggedField> fields) {
        int size = 0;
        if (fields != null) {
            for (RawTaggedField field : fields) {
                size += sizeOfRawTaggedField(field);
            }
        }
        return size;
    }

    /** Compares unknown tagged fields, treating null and empty alike. */
    public static boolean sameRawTaggedFields(List<RawTaggedField> a, List<RawTaggedField> b) {
        boolean aEmpty = a == null || a.isEmpty();
        boolean bEmpty = b == null || b.isEmpty();
        return aEmpty || bEmpty ? aEmpty == bEmpty : a.equals(b);
    }
}
