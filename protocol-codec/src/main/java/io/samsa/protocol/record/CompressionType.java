package io.samsa.protocol.record;

import io.samsa.protocol.record.compression.Compression;
import io.samsa.protocol.record.compression.GzipCompression;
import io.samsa.protocol.record.compression.Lz4Compression;
import io.samsa.protocol.record.compression.SnappyCompression;
import io.samsa.protocol.record.compression.ZstdCompression;

/**
 * The codec of a batch's records: bits 0-2 of its attributes. Ids and names are Kafka's (the names
 * are the values of {@code compression.type}).
 */
public enum CompressionType {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    private final int id;
    private final String configName;

    CompressionType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    public int id() {
        return id;
    }

    /** Kafka's name, e.g. {@code "gzip"}: the value of {@code compression.type}. */
    public String configName() {
        return configName;
    }

    /** The type with this attribute id; a batch with another id is corrupt. */
    public static CompressionType forId(int id) {
        return switch (id) {
            case 0 -> NONE;
            case 1 -> GZIP;
            case 2 -> SNAPPY;
            case 3 -> LZ4;
            case 4 -> ZSTD;
            default -> throw new CorruptRecordException("unknown compression type id " + id);
        };
    }

    /** Parses a {@code compression.type} value such as {@code "lz4"}. */
    public static CompressionType forName(String name) {
        for (CompressionType type : values()) {
            if (type.configName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown compression type: " + name);
    }

    /** The codec for this type; {@code null} for {@link #NONE}. */
    Compression codec() {
        return switch (this) {
            case NONE -> null;
            case GZIP -> GzipCompression.INSTANCE;
            case SNAPPY -> SnappyCompression.INSTANCE;
            case LZ4 -> Lz4Compression.INSTANCE;
            case ZSTD -> ZstdCompression.INSTANCE;
        };
    }
}
