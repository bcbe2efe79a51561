package io.samsa.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.samsa.broker.network.FrameDecoder;
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
 * Framing a large produce request as the socket delivers it: the frame arrives in 64 KiB reads (the
 * most Netty's adaptive receive allocator reads at once) and the broker's {@link FrameDecoder}
 * gathers them into one frame. {@code merge} is the decoder as the broker runs it (Netty's default
 * merging cumulator, which copies every read into a cumulation buffer it grows by doubling);
 * {@code composite} is the same decoder with Netty's composite cumulator, which links the reads
 * instead of copying them (but leaves the records in several pieces: more system calls to write
 * them); {@code presized} is a proposal, {@link #PRESIZED}: once the size prefix is in, grow the
 * cumulation once to the whole frame, so each byte is copied once and the frame stays one piece.
 * Each read is first filled from a template, as the kernel would fill it, in every variant. The
 * {@code bytes} counter is frame bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameDecoderBenchmark {
    private static final int READ_BYTES = 64 * 1024;

    /** 6 × 64 KiB batches: the produce request of a 6-partition producer with batch.size=65536. */
    @Param({"65600", "393600"})
    int frameBytes;

    private ByteBuf template;
    private EmbeddedChannel merge;
    private EmbeddedChannel composite;
    private EmbeddedChannel presized;

    /**
     * Netty's merging cumulator, except that a cumulation too small for the frame whose size prefix
     * it holds is replaced by one of the frame's full size (rather than doubled read by read).
     */
    static final ByteToMessageDecoder.Cumulator PRESIZED = (alloc, cumulation, in) -> {
        if (!cumulation.isReadable() && in.isContiguous()) {
            cumulation.release();
            return in;
        }
        try {
            if (cumulation.writableBytes() < in.readableBytes() || cumulation.refCnt() > 1 || cumulation.isReadOnly()) {
                int required = cumulation.readableBytes() + in.readableBytes();
                if (cumulation.readableBytes() >= 4) {
                    required = Math.max(required, 4 + cumulation.getInt(cumulation.readerIndex()));
                }
                ByteBuf grown = alloc.ioBuffer(required);
                grown.writeBytes(cumulation);
                cumulation.release();
                cumulation = grown;
            }
            cumulation.writeBytes(in);
            return cumulation;
        } finally {
            in.release();
        }
    };

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
        template = ByteBufAllocator.DEFAULT.directBuffer(4 + frameBytes);
        template.writeInt(frameBytes);
        for (int i = 0; i < frameBytes; i++) {
            template.writeByte(i * 31);
        }
        merge = new EmbeddedChannel(new FrameDecoder(100 << 20));
        FrameDecoder compositeDecoder = new FrameDecoder(100 << 20);
        compositeDecoder.setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
        composite = new EmbeddedChannel(compositeDecoder);
        FrameDecoder presizedDecoder = new FrameDecoder(100 << 20);
        presizedDecoder.setCumulator(PRESIZED);
        presized = new EmbeddedChannel(presizedDecoder);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        template.release();
        merge.finishAndReleaseAll();
        composite.finishAndReleaseAll();
        presized.finishAndReleaseAll();
    }

    @Benchmark
    public int merge(Bytes counter) {
        return frame(merge, counter);
    }

    @Benchmark
    public int composite(Bytes counter) {
        return frame(composite, counter);
    }

    @Benchmark
    public int presized(Bytes counter) {
        return frame(presized, counter);
    }

    private int frame(EmbeddedChannel channel, Bytes counter) {
        int total = template.readableBytes();
        for (int at = 0; at < total; at += READ_BYTES) {
            int n = Math.min(READ_BYTES, total - at);
            ByteBuf read = ByteBufAllocator.DEFAULT.directBuffer(READ_BYTES);
            read.writeBytes(template, at, n);
            channel.writeInbound(read);
        }
        ByteBuf frame = channel.readInbound();
        int size = frame.readableBytes();
        // What the request decoder does with the body: read it (here: one long per 4 KiB).
        long sum = 0;
        for (int i = frame.readerIndex(); i + 8 <= frame.writerIndex(); i += 4096) {
            sum += frame.getLong(i);
        }
        frame.release();
        counter.bytes += size;
        return size + (int) sum;
    }
}
