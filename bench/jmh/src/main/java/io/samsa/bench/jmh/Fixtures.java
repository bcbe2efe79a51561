package io.samsa.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.samsa.broker.common.Time;
import io.samsa.broker.log.LogConfig;
import io.samsa.broker.log.PartitionLog;
import io.samsa.broker.log.Scheduler;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What the benchmarks are made of, shaped like the load of {@code bench/run.sh}: uncompressed
 * batches of 1 KiB records as ProducerPerformance sends them with {@code batch.size=65536} (63
 * records, just under 64 KiB), in direct buffers as a produce request's frame arrives.
 */
final class Fixtures {
    static final int RECORD_BYTES = 1024;
    static final int RECORDS_PER_BATCH = 63;

    private Fixtures() {
    }

    /** A batch without producer id (acks=1 clients are not idempotent), owned by the caller. */
    static ByteBuf batch(long seed) {
        Random random = new Random(seed);
        RecordBatchBuilder builder = RecordBatchBuilder.of(CompressionType.NONE);
        long now = System.currentTimeMillis();
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            byte[] value = new byte[RECORD_BYTES];
            random.nextBytes(value);
            builder.append(now, null, value);
        }
        return builder.build(PooledByteBufAllocator.DEFAULT);
    }

    /**
     * A log with the broker's default topic config, except small segments so that retention can
     * keep a long benchmark's disk use bounded, and timestamps that never expire.
     */
    static PartitionLog openLog(Path dir, Scheduler scheduler) throws IOException {
        LogConfig config = LogConfig.defaults().withOverrides(Map.of(
            "segment.bytes", Integer.toString(256 << 20),
            "retention.bytes", Long.toString(1L << 30),
            "file.delete.delay.ms", "0",
            "message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE),
            "message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE)));
        return PartitionLog.open(dir, config, Time.SYSTEM, scheduler);
    }

    static Path tempDir(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("bench.tmp", System.getProperty("java.io.tmpdir")));
        return Files.createTempDirectory(base, prefix);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
