package io.samsa.broker.group;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.MalformedMessageException;
import io.samsa.protocol.wire.Wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's record formats for {@code __consumer_offsets} (the {@code OffsetCommitKey/Value} and
 * {@code GroupMetadataKey/Value} schemas of Kafka's group coordinator), so a partition written by Samsa reads like
 * one written by Kafka, e.g. with {@code kafka-console-consumer --formatter OffsetsMessageFormatter}.
 * <pre>
 *   key   = int16 key version, then the key struct
 *           version 0 or 1: OffsetCommitKey   { group: string, topic: string, partition: int32 }
 *           version 2:      GroupMetadataKey  { group: string }
 *   value = int16 value version, then the value struct; a null value (tombstone) deletes the key
 *           OffsetCommitValue v3: { offset: int64, leaderEpoch: int32, metadata: string, commitTimestamp: int64 }
 *           OffsetCommitValue v1: { offset: int64, metadata: string, commitTimestamp: int64,
 *                                   expireTimestamp: int64 }   (only for commits with an explicit retention)
 *           GroupMetadataValue v3: { protocolType: string, generation: int32, protocol: string?, leader: string?,
 *                                    currentStateTimestamp: int64, members: [ { memberId: string,
 *                                    groupInstanceId: string?, clientId: string, clientHost: string,
 *                                    rebalanceTimeout: int32, sessionTimeout: int32, subscription: bytes,
 *                                    assignment: bytes } ] }
 * </pre>
 * Strings are int16-length UTF-8 (-1 for null), bytes and arrays int32-length. Writes use Kafka 4's versions for
 * a cluster without the flexible (v4) records; reads accept every version Kafka has written (v0–v4). Stateless.
 */
final class GroupRecords {
    static final short OFFSET_COMMIT_KEY = 1;
    static final short GROUP_METADATA_KEY = 2;
    private static final short OFFSET_COMMIT_VALUE = 3;
    private static final short OFFSET_COMMIT_VALUE_WITH_EXPIRY = 1;
    private static final short GROUP_METADATA_VALUE = 3;

    private GroupRecords() {
    }

    // ---- writing ----------------------------------------------------------------------------

    static GroupRecord offsetCommit(String groupId, TopicPartition tp, OffsetAndMetadata offset) {
        ByteBuf value = Unpooled.buffer(32 + offset.metadata().length() * 3);
        if (offset.hasExpireTimestamp()) {
            value.writeShort(OFFSET_COMMIT_VALUE_WITH_EXPIRY);
            value.writeLong(offset.offset());
            Wire.writeString(value, offset.metadata(), false);
            value.writeLong(offset.commitTimestampMs());
            value.writeLong(offset.expireTimestampMs());
        } else {
            value.writeShort(OFFSET_COMMIT_VALUE);
            value.writeLong(offset.offset());
            value.writeInt(offset.leaderEpoch());
            Wire.writeString(value, offset.metadata(), false);
            value.writeLong(offset.commitTimestampMs());
        }
        return new GroupRecord(offsetKey(groupId, tp), bytes(value));
    }

    static GroupRecord offsetTombstone(String groupId, TopicPartition tp) {
        return new GroupRecord(offsetKey(groupId, tp), null);
    }

    static GroupRecord groupMetadata(String groupId, StoredGroup group) {
        ByteBuf value = Unpooled.buffer(128);
        value.writeShort(GROUP_METADATA_VALUE);
        Wire.writeString(value, group.protocolType() == null ? "" : group.protocolType(), false);
        value.writeInt(group.generation());
        Wire.writeString(value, group.protocol(), false);
        Wire.writeString(value, group.leader(), false);
        value.writeLong(group.currentStateTimestamp());
        value.writeInt(group.members().size());
        for (StoredGroup.Member m : group.members()) {
            Wire.writeString(value, m.memberId(), false);
            Wire.writeString(value, m.groupInstanceId(), false);
            Wire.writeString(value, m.clientId(), false);
            Wire.writeString(value, m.clientHost(), false);
            value.writeInt(m.rebalanceTimeoutMs());
            value.writeInt(m.sessionTimeoutMs());
            Wire.writeBytes(value, m.subscription() == null ? Wire.EMPTY_BYTES : m.subscription(), false);
            Wire.writeBytes(value, m.assignment() == null ? Wire.EMPTY_BYTES : m.assignment(), false);
        }
        return new GroupRecord(groupKey(groupId), bytes(value));
    }

    static GroupRecord groupTombstone(String groupId) {
        return new GroupRecord(groupKey(groupId), null);
    }

    private static byte[] offsetKey(String groupId, TopicPartition tp) {
        ByteBuf key = Unpooled.buffer(16 + groupId.length() + tp.topic().length());
        key.writeShort(OFFSET_COMMIT_KEY);
        Wire.writeString(key, groupId, false);
        Wire.writeString(key, tp.topic(), false);
        key.writeInt(tp.partition());
        return bytes(key);
    }

    private static byte[] groupKey(String groupId) {
        ByteBuf key = Unpooled.buffer(4 + groupId.length());
        key.writeShort(GROUP_METADATA_KEY);
        Wire.writeString(key, groupId, false);
        return bytes(key);
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    // ---- reading ----------------------------------------------------------------------------

    /** What one record says, decoded. */
    sealed interface Entry permits OffsetEntry, GroupEntry, Unknown {
    }

    /** A committed offset, or its deletion ({@code offset} null). */
    record OffsetEntry(String groupId, TopicPartition tp, OffsetAndMetadata offset) implements Entry {
    }

    /** A group's metadata, or its deletion ({@code group} null). */
    record GroupEntry(String groupId, StoredGroup group) implements Entry {
    }

    /** A key this coordinator does not use (e.g. KIP-848 consumer-group records); skipped on replay. */
    record Unknown(short keyVersion) implements Entry {
    }

    /**
     * Decodes a record.
     *
     * @throws MalformedMessageException if the bytes do not follow the schema their version names
     */
    static Entry decode(byte[] key, byte[] value) {
        ByteBuf k = Unpooled.wrappedBuffer(key);
        short keyVersion = Wire.readInt16(k);
        switch (keyVersion) {
            case 0, 1 -> {
                String group = requireString(k);
                String topic = requireString(k);
                int partition = Wire.readInt32(k);
                if (topic.isEmpty() || partition < 0) {
                    throw new MalformedMessageException("bad partition " + topic + "-" + partition);
                }
                TopicPartition tp = new TopicPartition(topic, partition);
                return new OffsetEntry(group, tp, value == null ? null : decodeOffset(value));
            }
            case 2 -> {
                String group = requireString(k);
                return new GroupEntry(group, value == null ? null : decodeGroup(value));
            }
            default -> {
                return new Unknown(keyVersion);
            }
        }
    }

    private static OffsetAndMetadata decodeOffset(byte[] bytes) {
        ByteBuf v = Unpooled.wrappedBuffer(bytes);
        short version = Wire.readInt16(v);
        if (version < 0 || version > 4) {
            throw new MalformedMessageException("unknown OffsetCommitValue version " + version);
        }
        boolean flexible = version >= 4;
        long offset = Wire.readInt64(v);
        int leaderEpoch = version >= 3 ? Wire.readInt32(v) : OffsetAndMetadata.NO_LEADER_EPOCH;
        String metadata = requireString(v, flexible);
        long commitTimestamp = Wire.readInt64(v);
        long expireTimestamp = version == 1 ? Wire.readInt64(v) : OffsetAndMetadata.NO_EXPIRY;
        return new OffsetAndMetadata(offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp);
    }

    private static StoredGroup decodeGroup(byte[] bytes) {
        ByteBuf v = Unpooled.wrappedBuffer(bytes);
        short version = Wire.readInt16(v);
        if (version < 0 || version > 4) {
            throw new MalformedMessageException("unknown GroupMetadataValue version " + version);
        }
        boolean flexible = version >= 4;
        String protocolType = requireString(v, flexible);
        int generation = Wire.readInt32(v);
        String protocol = Wire.readString(v, flexible);
        String leader = Wire.readString(v, flexible);
        long currentStateTimestamp = version >= 2 ? Wire.readInt64(v) : -1L;
        int count = Wire.readArrayLength(v, flexible);
        List<StoredGroup.Member> members = new ArrayList<>(Math.max(count, 0));
        for (int i = 0; i < count; i++) {
            members.add(decodeMember(v, version, flexible));
        }
        return new StoredGroup(protocolType, generation, protocol, leader, currentStateTimestamp, members);
    }

    private static StoredGroup.Member decodeMember(ByteBuf v, short version, boolean flexible) {
        String memberId = requireString(v, flexible);
        String instanceId = version >= 3 ? Wire.readString(v, flexible) : null;
        String clientId = requireString(v, flexible);
        String clientHost = requireString(v, flexible);
        int rebalanceTimeout = version >= 1 ? Wire.readInt32(v) : -1;
        int sessionTimeout = Wire.readInt32(v);
        if (rebalanceTimeout < 0) {
            rebalanceTimeout = sessionTimeout;   // before v1 the rebalance timeout was the session timeout
        }
        byte[] subscription = Wire.readBytes(v, flexible);
        byte[] assignment = Wire.readBytes(v, flexible);
        if (flexible) {
            skipTaggedFields(v);
        }
        return new StoredGroup.Member(memberId, instanceId, clientId, clientHost, rebalanceTimeout, sessionTimeout,
                subscription, assignment);
    }

    private static void skipTaggedFields(ByteBuf buf) {
        int count = Wire.readUnsignedVarint(buf);
        for (int i = 0; i < count; i++) {
            Wire.readUnsignedVarint(buf);
            int size = Wire.readUnsignedVarint(buf);
            Wire.require(buf, size);
            buf.skipBytes(size);
        }
    }

    private static String requireString(ByteBuf buf) {
        return requireString(buf, false);
    }

    private static String requireString(ByteBuf buf, boolean compact) {
        String s = Wire.readString(buf, compact);
        if (s == null) {
            throw new MalformedMessageException("null where a string is required");
        }
        return s;
    }
}
