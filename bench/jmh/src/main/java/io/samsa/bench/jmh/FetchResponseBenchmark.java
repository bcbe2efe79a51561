package io.samsa.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.samsa.broker.log.ExecutorScheduler;
import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.log.FileSlice;
import io.samsa.broker.log.LogAppendInfo;
import io.samsa.broker.log.PartitionLog;
import io.samsa.broker.network.FileRegionRecords;
import io.samsa.broker.network.Response;
import io.samsa.broker.network.ResponseEncoder;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.message.FetchResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a Fetch response the way the FetchHandler and ResponseEncoder do, minus the socket: per
 * partition a log read of up to 1 MiB ({@code max.partition.fetch.bytes}' default) at the next
 * consumer position, the partition's answer with its records as a {@link FileRegionRecords}, then
 * the response encoded by the {@link ResponseEncoder} into header slices and file regions (what
 * {@code sendfile} would then send), which are released. Operations per second are responses per
 * second; each carries {@code partitions} MiB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FetchResponseBenchmark {
    private static final int MAX_PARTITION_BYTES = 1 << 20;
    private static final long LOG_BYTES = 64L << 20;

    @Param({"1", "6"})
    int partitions;

    private Path dir;
    private ExecutorScheduler scheduler;
    private PartitionLog log;
    private EmbeddedChannel channel;
    private final UUID topicId = UUID.randomUUID();
    private final short version = ApiKey.FETCH.highestStableVersion();
    private long[] positions;
    private int correlationId;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Fixtures.tempDir("samsa-jmh-fetch");
        scheduler = new ExecutorScheduler(1, "jmh-log");
        log = Fixtures.openLog(dir.resolve("bench-0"), scheduler);
        ByteBuf batch = Fixtures.batch(3);
        try {
            for (long written = 0; written < LOG_BYTES; written += batch.readableBytes()) {
                LogAppendInfo info = log.append(batch, 0);
                if (!info.succeeded()) {
                    throw new IllegalStateException("append failed: " + info);
                }
            }
        } finally {
            batch.release();
        }
        log.updateHighWatermark(log.logEndOffset());
        // Every "partition" reads the same log at its own position, spread over the log.
        positions = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            positions[p] = log.logEndOffset() * p / (partitions + 1);
        }
        channel = new EmbeddedChannel(new ResponseEncoder());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.finishAndReleaseAll();
        log.close();
        scheduler.close();
        Fixtures.deleteTree(dir);
    }

    @Benchmark
    public int buildAndEncode() {
        List<FetchResponse.PartitionData> data = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            FetchDataInfo info = log.read(positions[p], MAX_PARTITION_BYTES, log.highWatermark());
            FileSlice slice = info.records();
            data.add(new FetchResponse.PartitionData().setPartitionIndex(p)
                .setHighWatermark(info.highWatermark()).setLastStableOffset(info.highWatermark())
                .setLogStartOffset(info.logStartOffset())
                .setRecords(new FileRegionRecords(slice.channel(), slice.position(), slice.sizeInBytes())));
        }
        FetchResponse body = new FetchResponse().setResponses(List.of(
            new FetchResponse.FetchableTopicResponse().setTopicId(topicId).setPartitions(data)));
        channel.writeOutbound(new Response(ApiKey.FETCH, version, ++correlationId, body));
        int parts = 0;
        for (Object part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
            ReferenceCountUtil.release(part);
            parts++;
        }
        return parts;
    }
}
