package io.samsa.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.samsa.protocol.message.ProduceRequest;
import io.samsa.protocol.record.RecordBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Decoding a Produce request body (the generated {@link ProduceRequest} codec, records as slices of
 * the frame) and validating its batches as the append path does before writing (size, magic,
 * CRC32C over the batch, record count against the last offset delta). One batch of 63 × 1 KiB
 * records per partition, as ProducerPerformance sends with {@code batch.size=65536}. The
 * {@code bytes} counter is the request bytes handled per second (divide by 10⁶ for MB/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProduceDecodeBenchmark {
    @Param({"1", "6"})
    int partitions;

    private ByteBuf body;
    private short version;

    /** Request bytes per second, reported next to the operations. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        version = ProduceRequest.HIGHEST_SUPPORTED_VERSION;
        List<ProduceRequest.PartitionProduceData> data = new ArrayList<>();
        List<ByteBuf> batches = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ByteBuf batch = Fixtures.batch(p);
            batches.add(batch);
            data.add(new ProduceRequest.PartitionProduceData().setIndex(p).setRecords(batch));
        }
        ProduceRequest request = new ProduceRequest().setAcks((short) 1).setTimeoutMs(30_000)
            .setTopicData(List.of(new ProduceRequest.TopicProduceData().setName("bench").setTopicId(UUID.randomUUID())
                .setPartitionData(data)));
        body = PooledByteBufAllocator.DEFAULT.directBuffer(request.size(version));
        request.write(body, version);
        batches.forEach(ByteBuf::release);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        body.release();
    }

    @Benchmark
    public ProduceRequest decode(Bytes counter) {
        ProduceRequest request = new ProduceRequest();
        request.read(body.duplicate(), version);
        counter.bytes += body.readableBytes();
        return request;
    }

    @Benchmark
    public int decodeAndValidate(Bytes counter) {
        ProduceRequest request = new ProduceRequest();
        request.read(body.duplicate(), version);
        int records = 0;
        for (ProduceRequest.TopicProduceData topic : request.topicData()) {
            for (ProduceRequest.PartitionProduceData partition : topic.partitionData()) {
                records += validate(partition.records());
            }
        }
        counter.bytes += body.readableBytes();
        return records;
    }

    /** The checks of the log's validator that touch the bytes; the rest are header comparisons. */
    private static int validate(ByteBuf records) {
        int size = RecordBatch.sizeOf(records, records.readerIndex());
        if (size < RecordBatch.HEADER_SIZE || size != records.readableBytes()
            || records.getByte(records.readerIndex() + 16) != RecordBatch.MAGIC) {
            throw new IllegalStateException("malformed batch");
        }
        RecordBatch batch = RecordBatch.view(records);
        batch.ensureValid();
        if (batch.recordCount() != batch.lastOffsetDelta() + 1) {
            throw new IllegalStateException("record count mismatch");
        }
        return batch.recordCount();
    }
}
