package io.samsa.protocol.record.compression;

import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Constants of the LZ4 frame format as Kafka writes it ({@code KafkaLZ4BlockOutputStream}):
 * magic {@code 0x184D2204} (little-endian), FLG (version 01, independent blocks), BD (64 KiB
 * blocks), a header checksum byte, then blocks of int32 little-endian size (high bit set: stored
 * uncompressed) and an int32 zero end mark. Since magic v1 Kafka's header checksum covers FLG..BD
 * (plus a content size if present), not the magic.
 */
final class Lz4Frame {
    static final int MAGIC = 0x184D2204;
    static final int VERSION = 1;
    static final int FLG_BLOCK_INDEPENDENCE = 1 << 5;
    static final int FLG_BLOCK_CHECKSUM = 1 << 4;
    static final int FLG_CONTENT_SIZE = 1 << 3;
    static final int FLG_CONTENT_CHECKSUM = 1 << 2;
    static final int FLG_RESERVED = 1 << 1;
    static final int FLG_DICT_ID = 1;
    static final int BD_RESERVED = 0x8F;
    static final int BLOCK_SIZE_64KB = 4;
    static final int INCOMPRESSIBLE = 0x80000000;

    static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

    private Lz4Frame() {
    }

    /** The most bytes a block may decompress to for a BD block-size id (4..7: 64 KiB to 4 MiB). */
    static int maxBlockSize(int blockSizeId) {
        return 1 << (2 * blockSizeId + 8);
    }

    /** The header checksum byte: the second byte of xxhash32 over the descriptor, seed 0. */
    static int headerChecksum(byte[] descriptor, int offset, int length) {
        return (XXHASH.hash(descriptor, offset, length, 0) >> 8) & 0xFF;
    }
}
