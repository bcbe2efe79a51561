package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The {@code __consumer_offsets} record formats, byte for byte as Kafka's coordinator writes them. */
class GroupRecordsTest {
    private static final TopicPartition TP = new TopicPartition("orders", 3);

    private static byte[] str(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + utf8.length).putShort((short) utf8.length).put(utf8).array();
    }

    @Test
    void offsetCommitKeyAndValueV3() {
        GroupRecord record = GroupRecords.offsetCommit("g", TP, new OffsetAndMetadata(1234, 5, "meta", 99, -1));
        ByteBuffer key = ByteBuffer.allocate(64).putShort((short) 1).put(str("g")).put(str("orders")).putInt(3);
        assertArrayEquals(java.util.Arrays.copyOf(key.array(), key.position()), record.key());
        ByteBuffer value = ByteBuffer.allocate(64).putShort((short) 3).putLong(1234).putInt(5).put(str("meta"))
                .putLong(99);
        assertArrayEquals(java.util.Arrays.copyOf(value.array(), value.position()), record.value());

        GroupRecords.OffsetEntry entry = assertInstanceOf(GroupRecords.OffsetEntry.class,
                GroupRecords.decode(record.key(), record.value()));
        assertEquals("g", entry.groupId());
        assertEquals(TP, entry.tp());
        assertEquals(new OffsetAndMetadata(1234, 5, "meta", 99, -1), entry.offset());
    }

    @Test
    void aCommitWithExplicitRetentionUsesValueV1WithTheExpireTimestamp() {
        GroupRecord record = GroupRecords.offsetCommit("g", TP, new OffsetAndMetadata(1, 5, "", 10, 20));
        ByteBuffer value = ByteBuffer.allocate(64).putShort((short) 1).putLong(1).put(str("")).putLong(10)
                .putLong(20);
        assertArrayEquals(java.util.Arrays.copyOf(value.array(), value.position()), record.value());
        GroupRecords.OffsetEntry entry = (GroupRecords.OffsetEntry) GroupRecords.decode(record.key(),
                record.value());
        assertEquals(new OffsetAndMetadata(1, -1, "", 10, 20), entry.offset(), "v1 has no leader epoch");
    }

    @Test
    void offsetValuesOfOlderVersionsAndTheFlexibleOneDecode() {
        byte[] key = GroupRecords.offsetTombstone("g", TP).key();
        ByteBuffer v0 = ByteBuffer.allocate(64).putShort((short) 0).putLong(7).put(str("x")).putLong(1);
        assertEquals(new OffsetAndMetadata(7, -1, "x", 1, -1), ((GroupRecords.OffsetEntry) GroupRecords.decode(key,
                java.util.Arrays.copyOf(v0.array(), v0.position()))).offset());
        // v4: compact string (length + 1 as a varint) and an empty tagged-field section.
        ByteBuffer v4 = ByteBuffer.allocate(64).putShort((short) 4).putLong(8).putInt(2).put((byte) 2)
                .put((byte) 'y').putLong(3).put((byte) 0);
        assertEquals(new OffsetAndMetadata(8, 2, "y", 3, -1), ((GroupRecords.OffsetEntry) GroupRecords.decode(key,
                java.util.Arrays.copyOf(v4.array(), v4.position()))).offset());
    }

    @Test
    void groupMetadataRoundTripsAndHasKafkasLayout() {
        StoredGroup group = new StoredGroup("consumer", 4, "range", "m1", 555, List.of(
                new StoredGroup.Member("m1", "i1", "c1", "/1.2.3.4", 300, 45, new byte[] {1, 2}, new byte[] {3}),
                new StoredGroup.Member("m2", null, "c2", "/5.6.7.8", 300, 45, new byte[] {4}, new byte[0])));
        GroupRecord record = GroupRecords.groupMetadata("g", group);
        ByteBuffer key = ByteBuffer.allocate(16).putShort((short) 2).put(str("g"));
        assertArrayEquals(java.util.Arrays.copyOf(key.array(), key.position()), record.key());
        ByteBuffer value = ByteBuffer.wrap(record.value());
        assertEquals(3, value.getShort(), "value version 3");

        GroupRecords.GroupEntry entry = (GroupRecords.GroupEntry) GroupRecords.decode(record.key(), record.value());
        StoredGroup decoded = entry.group();
        assertEquals("consumer", decoded.protocolType());
        assertEquals(4, decoded.generation());
        assertEquals("range", decoded.protocol());
        assertEquals("m1", decoded.leader());
        assertEquals(555, decoded.currentStateTimestamp());
        assertEquals("i1", decoded.members().get(0).groupInstanceId());
        assertNull(decoded.members().get(1).groupInstanceId());
        assertArrayEquals(new byte[] {1, 2}, decoded.members().get(0).subscription());
        assertArrayEquals(new byte[] {3}, decoded.members().get(0).assignment());
        assertEquals(300, decoded.members().get(1).rebalanceTimeoutMs());
    }

    @Test
    void tombstonesAndUnknownKeys() {
        GroupRecord tombstone = GroupRecords.groupTombstone("g");
        assertNull(tombstone.value());
        assertNull(((GroupRecords.GroupEntry) GroupRecords.decode(tombstone.key(), null)).group());
        assertNull(((GroupRecords.OffsetEntry) GroupRecords.decode(GroupRecords.offsetTombstone("g", TP).key(),
                null)).offset());
        assertInstanceOf(GroupRecords.Unknown.class, GroupRecords.decode(new byte[] {0, 5, 0, 0}, null));
    }
}
