package io.samsa.broker.partition;

import static io.samsa.broker.partition.PartitionTestSupport.BROKER;
import static io.samsa.broker.partition.PartitionTestSupport.batch;
import static io.samsa.broker.partition.PartitionTestSupport.led;
import static io.samsa.broker.partition.PartitionTestSupport.openLog;
import static io.samsa.broker.partition.PartitionTestSupport.partition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.EpochEndOffset;
import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.log.LogError;
import io.samsa.broker.log.PartitionLog;
import io.samsa.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionTest {
    @TempDir
    Path dir;
    PartitionLog log;

    @AfterEach
    void close() throws Exception {
        if (log != null) {
            log.close();
        }
    }

    private AppendResult append(Partition partition, ByteBuf records, short acks) {
        return partition.appendRecordsToLeader(records, AppendOrigin.CLIENT, acks).join();
    }

    @Test
    void anAppendIsCommittedAtOnceAndReadableWithTheLeaderEpoch() throws Exception {
        log = openLog(dir, Map.of());
        Partition partition = partition(log, 7);
        ByteBuf records = batch(3, 10);
        AppendResult first = append(partition, records, (short) -1);
        assertEquals(ErrorCode.NONE, first.error());
        assertEquals(0, first.baseOffset());
        assertEquals(0, records.refCnt(), "the partition released the records it was given");
        assertEquals(3, append(partition, batch(2, 10), (short) 1).baseOffset());
        assertEquals(5, partition.highWatermark(), "replication factor 1: the high watermark is the log end");
        assertEquals(5, partition.lastStableOffset());

        FetchDataInfo read = partition.read(0, 1 << 20, FetchIsolation.HIGH_WATERMARK, true);
        assertEquals(LogError.NONE, read.error());
        ByteBuffer bytes = read.records().toByteBuffer();
        int epoch = bytes.getInt(12); // a batch header: baseOffset (8), batchLength (4), partitionLeaderEpoch
        assertEquals(7, epoch);
    }

    @Test
    void leaderChecksFollowKafkasOrder() throws Exception {
        log = openLog(dir, Map.of());
        Partition partition = partition(log, 5);
        assertEquals(ErrorCode.NONE, partition.checkLeader(Partition.NO_EPOCH_CHECK, true));
        assertEquals(ErrorCode.NONE, partition.checkLeader(5, true));
        assertEquals(ErrorCode.FENCED_LEADER_EPOCH, partition.checkLeader(4, true));
        assertEquals(ErrorCode.UNKNOWN_LEADER_EPOCH, partition.checkLeader(6, true));

        partition.update(led(BROKER + 1, 6)); // another broker leads now
        assertFalse(partition.isLeader());
        assertEquals(ErrorCode.FENCED_LEADER_EPOCH, partition.checkLeader(5, true), "the epoch is checked first");
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, partition.checkLeader(6, true));
        assertEquals(ErrorCode.NONE, partition.checkLeader(6, false));
        ByteBuf records = batch(1, 1);
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, append(partition, records, (short) 1).error());
        assertEquals(0, records.refCnt());
        assertEquals(0, log.logEndOffset());
    }

    @Test
    void acksAllWithFewerInSyncReplicasThanTheMinimumWritesNothing() throws Exception {
        log = openLog(dir, Map.of("min.insync.replicas", "2"));
        Partition partition = partition(log, 0);
        ByteBuf records = batch(1, 1);
        assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, append(partition, records, (short) -1).error());
        assertEquals(0, records.refCnt());
        assertEquals(0, log.logEndOffset());
        assertEquals(ErrorCode.NONE, append(partition, batch(1, 1), (short) 1).error(), "acks=1 does not need the ISR");
    }

    @Test
    void offsetForLeaderEpochFollowsTheEpochsSeen() throws Exception {
        log = openLog(dir, Map.of());
        Partition partition = partition(log, 0);
        append(partition, batch(4, 1), (short) 1);
        assertEquals(new EpochEndOffset(0, 4), partition.endOffsetForEpoch(0));
        partition.update(led(BROKER, 2));
        append(partition, batch(3, 1), (short) 1);
        assertEquals(new EpochEndOffset(0, 4), partition.endOffsetForEpoch(0), "epoch 0 ended where 2 began");
        assertEquals(new EpochEndOffset(0, 4), partition.endOffsetForEpoch(1), "an epoch never seen: its floor's end");
        assertEquals(new EpochEndOffset(2, 7), partition.endOffsetForEpoch(2));
        assertEquals(EpochEndOffset.UNDEFINED, partition.endOffsetForEpoch(3));
    }

    @Test
    void deleteRecordsMovesTheLowWatermarkUpToTheHighWatermark() throws Exception {
        log = openLog(dir, Map.of());
        Partition partition = partition(log, 0);
        append(partition, batch(5, 1), (short) 1);
        assertEquals(new Partition.DeleteRecordsOutcome(ErrorCode.NONE, 2), partition.deleteRecordsOnLeader(2));
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, partition.deleteRecordsOnLeader(6).error());
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, partition.deleteRecordsOnLeader(-2).error());
        assertEquals(new Partition.DeleteRecordsOutcome(ErrorCode.NONE, 5), partition.deleteRecordsOnLeader(-1),
                "-1 is the high watermark");
        assertEquals(5, log.logStartOffset());
    }

    @Test
    void deleteRecordsOnACompactedTopicIsAPolicyViolation() throws Exception {
        log = openLog(dir, Map.of("cleanup.policy", "compact"));
        Partition partition = partition(log, 0);
        append(partition, batch(2, 1), (short) 1);
        assertEquals(ErrorCode.POLICY_VIOLATION, partition.deleteRecordsOnLeader(1).error());
        assertEquals(0, log.logStartOffset());
    }

    @Test
    void aDeletedPartitionRefusesAppends() throws Exception {
        log = openLog(dir, Map.of());
        Partition partition = partition(log, 0);
        partition.markDeleted();
        assertTrue(partition.isDeleted());
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, append(partition, batch(1, 1), (short) 1).error());
    }
}
