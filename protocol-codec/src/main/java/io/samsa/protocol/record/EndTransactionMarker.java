package io.samsa.protocol.record;

/**
 * The payload of a transaction marker's control record: whether the transaction committed or
 * aborted, and the epoch of the coordinator that wrote it. Key: int16 version (0), int16 type;
 * value: int16 version (0), int32 coordinator epoch (Kafka's {@code EndTxnMarker} schema v0).
 */
public record EndTransactionMarker(ControlRecordType type, int coordinatorEpoch) {
    static final short CURRENT_VERSION = 0;
    static final int KEY_SIZE = 4;
    static final int VALUE_SIZE = 6;

    public EndTransactionMarker {
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new IllegalArgumentException("not a transaction marker type: " + type);
        }
    }

    /**
     * Reads the marker from a control batch's record.
     *
     * @throws CorruptRecordException if the record is not a commit or abort marker
     */
    public static EndTransactionMarker from(Record record) {
        ControlRecordType type = ControlRecordType.parse(record.key());
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new CorruptRecordException("control record of type " + type + " is not a transaction marker");
        }
        byte[] value = record.value();
        if (value == null || value.length < VALUE_SIZE) {
            throw new CorruptRecordException("transaction marker value must hold " + VALUE_SIZE + " bytes");
        }
        int epoch = ((value[2] & 0xFF) << 24) | ((value[3] & 0xFF) << 16) | ((value[4] & 0xFF) << 8) | (value[5] & 0xFF);
        return new EndTransactionMarker(type, epoch);
    }

    byte[] key() {
        return new byte[] {0, 0, (byte) (type.type() >> 8), (byte) type.type()};
    }

    byte[] value() {
        return new byte[] {0, 0, (byte) (coordinatorEpoch >>> 24), (byte) (coordinatorEpoch >>> 16),
                (byte) (coordinatorEpoch >>> 8), (byte) coordinatorEpoch};
    }
}
