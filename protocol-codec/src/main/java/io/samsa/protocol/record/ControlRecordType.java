package io.samsa.protocol.record;

/**
 * The type in a control record's key (int16 version, int16 type). ABORT and COMMIT are the
 * transaction markers; the others are KRaft's and appear only in its metadata log. Numbers are
 * Kafka's; a number Samsa does not know reads as {@link #UNKNOWN}, as in Kafka, so a newer marker
 * never breaks iteration.
 */
public enum ControlRecordType {
    ABORT((short) 0),
    COMMIT((short) 1),
    LEADER_CHANGE((short) 2),
    SNAPSHOT_HEADER((short) 3),
    SNAPSHOT_FOOTER((short) 4),
    KRAFT_VERSION((short) 5),
    KRAFT_VOTERS((short) 6),
    UNKNOWN((short) -1);

    private final short type;

    ControlRecordType(short type) {
        this.type = type;
    }

    public short type() {
        return type;
    }

    public static ControlRecordType forType(short type) {
        for (ControlRecordType value : values()) {
            if (value.type == type) {
                return value;
            }
        }
        return UNKNOWN;
    }

    /** Reads the type from a control record's key; corrupt if the key is null or shorter than 4 bytes. */
    public static ControlRecordType parse(byte[] key) {
        if (key == null || key.length < 4) {
            throw new CorruptRecordException("control record key must hold at least 4 bytes");
        }
        return forType((short) (((key[2] & 0xFF) << 8) | (key[3] & 0xFF)));
    }
}
