package io.samsa.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.samsa.broker.log.ExecutorScheduler;
import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.log.FileSlice;
import io.samsa.broker.log.LogAppendInfo;
import io.samsa.broker.log.PartitionLog;
import io.samsa.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The partition log's append (validate, assign offsets in place, write to the active segment, index)
 * and read (find the batches for an offset: a zero-copy {@link FileSlice}; and, for comparison, the
 * same slice copied into a direct buffer as a TLS listener would have to). 64 KiB batches of 1 KiB
 * records; default topic config except 256 MiB segments and 1 GiB retention, applied between
 * iterations so that the disk use stays bounded. Writes go to the page cache (no fsync, Kafka's
 * default). The {@code bytes} counter is the bytes appended or read per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LogBenchmark {
    private static final int FETCH_MAX_BYTES = 1 << 20;
    private static final long READ_LOG_BYTES = 256L << 20;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /** A log being appended to. */
    @State(Scope.Thread)
    public static class Appending {
        Path dir;
        ExecutorScheduler scheduler;
        PartitionLog log;
        ByteBuf batch;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Fixtures.tempDir("samsa-jmh-append");
            scheduler = new ExecutorScheduler(1, "jmh-log");
            log = Fixtures.openLog(dir.resolve("bench-0"), scheduler);
            batch = Fixtures.batch(1);
        }

        @TearDown(Level.Iteration)
        public void retain() throws IOException {
            log.updateHighWatermark(log.logEndOffset());
            log.deleteOldSegments();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            batch.release();
            log.close();
            scheduler.close();
            Fixtures.deleteTree(dir);
        }
    }

    /** A log of 256 MiB read from start to end, over and over. */
    @State(Scope.Thread)
    public static class Reading {
        Path dir;
        ExecutorScheduler scheduler;
        PartitionLog log;
        ByteBuf target;
        /** The offsets a consumer reading from the start would fetch at, found once in set-up. */
        long[] fetchOffsets;
        int next;

        @Setup(Level.Trial)
        public void fill() throws IOException {
            dir = Fixtures.tempDir("samsa-jmh-read");
            scheduler = new ExecutorScheduler(1, "jmh-log");
            log = Fixtures.openLog(dir.resolve("bench-0"), scheduler);
            ByteBuf batch = Fixtures.batch(2);
            try {
                for (long written = 0; written < READ_LOG_BYTES; written += batch.readableBytes()) {
                    LogAppendInfo info = log.append(batch, 0);
                    if (!info.succeeded()) {
                        throw new IllegalStateException("append failed: " + info);
                    }
                }
            } finally {
                batch.release();
            }
            log.updateHighWatermark(log.logEndOffset());
            target = PooledByteBufAllocator.DEFAULT.directBuffer(2 * FETCH_MAX_BYTES);
            java.util.List<Long> offsets = new java.util.ArrayList<>();
            for (long offset = 0; offset < log.highWatermark(); ) {
                offsets.add(offset);
                offset = nextOffset(log.read(offset, FETCH_MAX_BYTES, log.highWatermark()).records());
            }
            fetchOffsets = offsets.stream().mapToLong(Long::longValue).toArray();
        }

        FileSlice next() {
            long offset = fetchOffsets[next];
            next = next + 1 == fetchOffsets.length ? 0 : next + 1;
            FetchDataInfo info = log.read(offset, FETCH_MAX_BYTES, log.highWatermark());
            return info.records();
        }

        /** The offset after the slice's last batch (read from that batch's header in the file). */
        private long nextOffset(FileSlice slice) {
            ByteBuf header = PooledByteBufAllocator.DEFAULT.heapBuffer(RecordBatch.HEADER_SIZE);
            try {
                long at = slice.position();
                long end = slice.position() + slice.sizeInBytes();
                long last = at;
                while (at < end) {
                    header.clear();
                    header.writeBytes(slice.channel(), at, RecordBatch.LOG_OVERHEAD);
                    last = at;
                    at += RecordBatch.LOG_OVERHEAD + header.getInt(8);
                }
                header.clear();
                header.writeBytes(slice.channel(), last, RecordBatch.HEADER_SIZE);
                // v2 batch header: baseOffset int64 at 0, lastOffsetDelta int32 at 23
                return header.getLong(0) + header.getInt(23) + 1;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                header.release();
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            target.release();
            log.close();
            scheduler.close();
            Fixtures.deleteTree(dir);
        }
    }

    @Benchmark
    public LogAppendInfo append(Appending state, Bytes counter) {
        LogAppendInfo info = state.log.append(state.batch, 0);
        counter.bytes += state.batch.readableBytes();
        return info;
    }

    @Benchmark
    public FileSlice read(Reading state, Bytes counter) {
        FileSlice slice = state.next();
        counter.bytes += slice.sizeInBytes();
        return slice;
    }

    @Benchmark
    public int readAndCopy(Reading state, Bytes counter) throws IOException {
        FileSlice slice = state.next();
        state.target.clear();
        slice.readInto(state.target);
        counter.bytes += slice.sizeInBytes();
        return state.target.readableBytes();
    }
}
