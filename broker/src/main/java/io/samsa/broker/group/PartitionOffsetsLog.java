package io.samsa.broker.group;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.samsa.broker.common.Time;
import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.log.LogError;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.partition.AppendResult;
import io.samsa.broker.partition.FetchIsolation;
import io.samsa.broker.partition.Partition;
import io.samsa.broker.partition.PartitionManager;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.CloseableIterator;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * {@link OffsetsLog} on the broker's {@link Partition}s of {@code __consumer_offsets}: appends go through the
 * partition's replication with {@code acks=all}, as a client's produce would (on a single node, replication factor 1,
 * that is the local log). A replay reads the leader's whole log: a Raft leader never loses an entry of its log, it
 * commits all of them once it commits one of its own term, so the log end is what will be committed; waiting for
 * the high watermark would lose the commits acknowledged just before a failover. A shard whose
 * leader epoch is no longer the partition's gets {@code NOT_LEADER_OR_FOLLOWER} and nothing is written, so a stale
 * coordinator cannot write behind a new one. As with any produce under default flush settings, an acknowledged
 * batch is in the OS page cache: it survives a crash of the process (kill -9), as in Kafka.
 *
 * <p>Thread-safe; each partition's appends are serialized by its replication in call order.
 */
public final class PartitionOffsetsLog implements OffsetsLog {
    private static final int READ_CHUNK_BYTES = 1 << 20;
    private static final short ACKS_ALL = -1;
    private static final int REWRITE_BATCH_BYTES = 256 * 1024;

    private final PartitionManager partitions;
    private final Time time;
    private final Executor readExecutor;

    /** @param readExecutor where replays run (a broker I/O pool) */
    public PartitionOffsetsLog(PartitionManager partitions, Time time, Executor readExecutor) {
        this.partitions = partitions;
        this.time = time;
        this.readExecutor = readExecutor;
    }

    @Override
    public CompletableFuture<ErrorCode> append(int partition, int leaderEpoch, List<GroupRecord> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(ErrorCode.NONE);
        }
        Optional<Partition> target = partitions.partition(topicPartition(partition));
        if (target.isEmpty()) {
            return CompletableFuture.completedFuture(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (target.get().leaderEpoch() != leaderEpoch || !target.get().isLeader()) {
            return CompletableFuture.completedFuture(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        }
        long now = time.milliseconds();
        RecordBatchBuilder builder = RecordBatchBuilder.of(CompressionType.NONE);
        records.forEach(r -> builder.append(now, r.key(), r.value()));
        ByteBuf batch = builder.build();   // ownership passes to the partition
        return target.get().appendRecordsToLeader(batch, AppendOrigin.COORDINATOR, ACKS_ALL)
                .thenApply(AppendResult::error);
    }

    /**
     * Appends the live records as batches of at most {@value #REWRITE_BATCH_BYTES} bytes (well under the topic's
     * {@code max.message.bytes}) in one append, then moves the log start offset to the first of them: the records
     * before it are no longer read, and their segments are deleted once wholly below it. On a replicated partition
     * only this replica's prefix goes, as with retention; another replica that becomes leader replays a longer log
     * to the same state.
     */
    @Override
    public CompletableFuture<ErrorCode> rewrite(int partition, int leaderEpoch, List<GroupRecord> liveRecords) {
        Optional<Partition> target = partitions.partition(topicPartition(partition));
        if (target.isEmpty()) {
            return CompletableFuture.completedFuture(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        Partition p = target.get();
        if (p.leaderEpoch() != leaderEpoch || !p.isLeader()) {
            return CompletableFuture.completedFuture(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        }
        if (liveRecords.isEmpty()) {
            return CompletableFuture.completedFuture(deleteBefore(p, p.highWatermark()));
        }
        return p.appendRecordsToLeader(batches(liveRecords), AppendOrigin.COORDINATOR, ACKS_ALL)
                .thenApply(result -> result.succeeded() ? deleteBefore(p, result.baseOffset()) : result.error());
    }

    private ByteBuf batches(List<GroupRecord> records) {
        long now = time.milliseconds();
        ByteBuf all = Unpooled.buffer();
        RecordBatchBuilder builder = RecordBatchBuilder.of(CompressionType.NONE);
        int bytes = 0;
        for (GroupRecord r : records) {
            int size = r.key().length + (r.value() == null ? 0 : r.value().length) + 16;
            if (bytes > 0 && bytes + size > REWRITE_BATCH_BYTES) {
                appendBatch(all, builder);
                builder = RecordBatchBuilder.of(CompressionType.NONE);
                bytes = 0;
            }
            builder.append(now, r.key(), r.value());
            bytes += size;
        }
        appendBatch(all, builder);
        return all;
    }

    private static void appendBatch(ByteBuf all, RecordBatchBuilder builder) {
        ByteBuf batch = builder.build();
        try {
            all.writeBytes(batch);
        } finally {
            batch.release();
        }
    }

    private static ErrorCode deleteBefore(Partition partition, long offset) {
        try {
            return partition.log().deleteRecordsBefore(offset).error().errorCode();
        } catch (IOException e) {
            return ErrorCode.KAFKA_STORAGE_ERROR;
        } catch (IllegalStateException e) {
            return ErrorCode.NOT_LEADER_OR_FOLLOWER;   // the log was closed: the partition is going away
        }
    }

    @Override
    public CompletableFuture<Void> replay(int partition, Consumer<GroupRecord> sink) {
        return CompletableFuture.runAsync(() -> {
            Partition source = partitions.partition(topicPartition(partition)).orElseThrow(() ->
                    new IllegalStateException(GroupConfig.OFFSETS_TOPIC + "-" + partition + " is not hosted here"));
            try {
                replay(source, sink);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, readExecutor);
    }

    private static void replay(Partition source, Consumer<GroupRecord> sink) throws IOException {
        long offset = source.log().logStartOffset();
        long end = source.log().logEndOffset();
        while (offset < end) {
            FetchDataInfo read = source.read(offset, READ_CHUNK_BYTES, FetchIsolation.LOG_END, true);
            if (read.error() != LogError.NONE) {
                throw new IOException("reading " + source + " at offset " + offset + ": " + read.error());
            }
            if (read.records().isEmpty()) {
                return;
            }
            ByteBuf chunk = read.records().toByteBuf(UnpooledByteBufAllocator.DEFAULT);
            try {
                for (RecordBatch batch : RecordBatch.viewAll(chunk)) {
                    feed(batch, offset, sink);
                    offset = batch.nextOffset();
                }
            } finally {
                chunk.release();
            }
        }
    }

    private static void feed(RecordBatch batch, long from, Consumer<GroupRecord> sink) {
        if (batch.isControlBatch()) {
            return;
        }
        try (CloseableIterator<Record> records = batch.records()) {
            while (records.hasNext()) {
                Record record = records.next();
                if (record.offset() >= from && record.key() != null) {
                    sink.accept(new GroupRecord(record.key(), record.value()));
                }
            }
        }
    }

    @Override
    public boolean hosts(int partition) {
        return partitions.partition(topicPartition(partition)).isPresent();
    }

    private static TopicPartition topicPartition(int partition) {
        return new TopicPartition(GroupConfig.OFFSETS_TOPIC, partition);
    }
}
