package io.samsa.broker.replication;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.common.Time;
import io.samsa.broker.log.PartitionLog;
import io.samsa.broker.metadata.BrokerEndpoint;
import io.samsa.broker.metadata.BrokerRegistration;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.ReplicationThrottles;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.FetchResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a partition from its data group's leader with Kafka Fetch requests to the leader broker's client listener
 * (the one its registration names first, plaintext), so the copy has the leader's offsets, epochs and bytes
 * ({@link PartitionLog#appendAsFollower}). What the replica already holds beyond what the group committed here is
 * cut first (it may be an uncommitted tail the leader never had), then it fetches from its log end to the target.
 *
 * <p>Honours Kafka's replication throttles ({@link ReplicationThrottles}): a copy to or from a throttled replica moves
 * at most the configured bytes per second, so kafka-reassign-partitions {@code --throttle} bounds what a move takes
 * from the brokers.
 *
 * <p>Runs on the group's writer thread, the partition's single writer; blocks while it copies. Gives up after
 * {@link #DEADLINE_MS} without progress (Ratis notifies again and the copy resumes from what it got).
 */
final class ReplicaCopy implements DataGroupStateMachine.Copier {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaCopy.class);
    private static final int MAX_BYTES = 4 << 20;
    private static final long DEADLINE_MS = 60_000;
    private static final long BACKOFF_MS = 200;

    /** The smallest fetch of a throttled copy, so a low rate still moves whole batches. */
    private static final int MIN_THROTTLED_BYTES = 16 << 10;

    private final int nodeId;
    private final Supplier<MetadataStore> metadata;
    private final Time time;

    ReplicaCopy(int nodeId, Supplier<MetadataStore> metadata, Time time) {
        this.nodeId = nodeId;
        this.metadata = metadata;
        this.time = time;
    }

    @Override
    public void copy(PartitionKey partition, PartitionLog log, int leaderId, long endOffset) throws IOException {
        if (log.logEndOffset() > endOffset) {
            // Beyond what the leader had at the copied index: a tail of entries this replica wrote and Raft dropped.
            log.truncateTo(endOffset);
        }
        if (log.logEndOffset() == endOffset) {
            return;
        }
        long copiedFrom = log.logEndOffset();
        long started = time.milliseconds();
        long lastProgress = started;
        long bytes = 0;
        long slowest = ReplicationThrottles.UNLIMITED;
        LeaderFetcher fetcher = null;
        try {
            while (log.logEndOffset() < endOffset) {
                if (time.milliseconds() - lastProgress > DEADLINE_MS) {
                    throw new IOException("no progress copying " + partition + " from node " + leaderId + " for "
                            + DEADLINE_MS + " ms (at " + log.logEndOffset() + " of " + endOffset + ")");
                }
                try {
                    if (fetcher == null) {
                        fetcher = connect(leaderId);
                    }
                    String topic = topicName(partition);
                    // Read for every fetch: kafka-reassign-partitions --verify lifts the throttle while a copy runs.
                    long rate = ReplicationThrottles.copyRate(metadata.get().image(), topic, partition.partition(),
                            nodeId, leaderId);
                    slowest = Math.min(slowest, rate);
                    long fetchStarted = System.nanoTime();
                    int appended = fetchOnce(fetcher, topic, partition, log, endOffset, fetchBytes(rate));
                    if (appended > 0) {
                        bytes += appended;
                        pace(appended, rate, fetchStarted);
                        lastProgress = time.milliseconds();
                        continue;
                    }
                } catch (IOException e) {
                    LOG.debug("Copying {} from node {}: {}", partition, leaderId, e.toString());
                    close(fetcher);
                    fetcher = null;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(BACKOFF_MS));
            }
        } finally {
            close(fetcher);
        }
        LOG.info("Copied {} from node {}: offsets {} to {}, {} bytes in {} ms{}", partition, leaderId, copiedFrom,
                endOffset, bytes, time.milliseconds() - started,
                slowest == ReplicationThrottles.UNLIMITED ? "" : " (throttled to " + slowest + " bytes/s)");
    }

    private static int fetchBytes(long rate) {
        return rate == ReplicationThrottles.UNLIMITED ? MAX_BYTES
                : (int) Math.max(MIN_THROTTLED_BYTES, Math.min(MAX_BYTES, rate / 4));
    }

    /** Holds a throttled copy back until {@code bytes} took at least the time {@code rate} allows for them. */
    private static void pace(int bytes, long rate, long fetchStartedNanos) {
        if (rate == ReplicationThrottles.UNLIMITED) {
            return;
        }
        long due = fetchStartedNanos + (long) (bytes * 1e9 / Math.max(1, rate));
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /** @return how many bytes it appended (0: none) */
    private int fetchOnce(LeaderFetcher fetcher, String topic, PartitionKey partition, PartitionLog log,
                          long endOffset, int maxBytes) throws IOException {
        FetchResponse.PartitionData data = fetcher.fetch(topic, partition.partition(), log.logEndOffset(), maxBytes);
        ErrorCode error = ErrorCode.forCode(data.errorCode());
        if (error == ErrorCode.OFFSET_OUT_OF_RANGE && data.logStartOffset() > log.logEndOffset()) {
            // The leader no longer has the start of what is missing here (retention): start where it starts.
            log.truncateFullyAndStartAt(data.logStartOffset());
            return 1; // progress, though no bytes: count it as one so the loop goes on at once
        }
        if (error != ErrorCode.NONE) {
            LOG.debug("Copying {}: the leader answered {}", partition, error);
            return 0;
        }
        ByteBuf records = data.records();
        if (records == null || !records.isReadable()) {
            return 0;
        }
        ByteBuf upToEnd = wholeBatchesBelow(records, endOffset);
        if (!upToEnd.isReadable()) {
            return 0;
        }
        int size = upToEnd.readableBytes();
        log.appendAsFollower(upToEnd);
        return size;
    }

    /** The leading batches of {@code records} that end at or below {@code endOffset}: a copy stops exactly there. */
    private static ByteBuf wholeBatchesBelow(ByteBuf records, long endOffset) {
        int start = records.readerIndex();
        int position = start;
        while (position + 61 <= records.writerIndex()) {
            long baseOffset = records.getLong(position);
            int size = 12 + records.getInt(position + 8);
            int lastOffsetDelta = records.getInt(position + 23);
            if (position + size > records.writerIndex() || baseOffset + lastOffsetDelta + 1 > endOffset) {
                break;
            }
            position += size;
        }
        return records.slice(start, position - start);
    }

    private String topicName(PartitionKey partition) throws IOException {
        Optional<TopicImage> topic = metadata.get().image().topic(partition.topicId());
        if (topic.isEmpty()) {
            throw new IOException("topic " + partition.topicId() + " is not in the metadata");
        }
        return topic.get().name();
    }

    private LeaderFetcher connect(int leaderId) throws IOException {
        MetadataImage image = metadata.get().image();
        BrokerRegistration leader = image.broker(leaderId)
                .orElseThrow(() -> new IOException("broker " + leaderId + " is not registered"));
        for (BrokerEndpoint endpoint : leader.endpoints()) {
            if ("PLAINTEXT".equals(endpoint.securityProtocol())) {
                return new LeaderFetcher(endpoint.host(), endpoint.port());
            }
        }
        throw new IOException("broker " + leaderId + " has no plaintext listener to copy from");
    }

    private static void close(LeaderFetcher fetcher) {
        if (fetcher != null) {
            try {
                fetcher.close();
            } catch (IOException e) {
                // Already broken.
            }
        }
    }
}
