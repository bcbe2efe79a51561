package io.samsa.broker.log.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.samsa.broker.common.Time;
import io.samsa.broker.log.ExecutorScheduler;
import io.samsa.broker.log.FetchDataInfo;
import io.samsa.broker.log.LogAppendInfo;
import io.samsa.broker.log.LogConfig;
import io.samsa.broker.log.PartitionLog;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Append and read throughput of {@link PartitionLog} against a bare {@link FileChannel} writing and
 * reading the same bytes, in the same run: 16 KiB batches of 1 KiB records, default topic config
 * (1 GiB segments, no fsync until close). Not a test; run by hand:
 * <pre>
 * mvn -o -q -pl broker test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.samsa.broker.log.bench.LogAppendBenchmark [-Dexec.args="DIR MIB ROUNDS"]
 * </pre>
 * Each round writes {@code MIB} MiB (default 512) to fresh files with each method, alternating, and
 * the medians are reported. Append and bare write are timed up to the last write returning (page
 * cache), and again including a final fsync.
 */
public final class LogAppendBenchmark {
    private static final int RECORDS_PER_BATCH = 16;
    private static final int RECORD_VALUE_BYTES = 1024;

    private LogAppendBenchmark() {
    }

    private record Rates(double writeMBs, double writeSyncMBs, double readMBs) { }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"))
                .resolve("samsa-bench-" + ProcessHandle.current().pid());
        long totalBytes = (args.length > 1 ? Long.parseLong(args[1]) : 512) << 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Files.createDirectories(base);
        ByteBuf template = buildBatch();
        int batchSize = template.readableBytes();
        int batches = (int) (totalBytes / batchSize);
        System.out.printf("batch %d bytes (%d records x %d B values), %d batches = %.0f MiB per run, %d rounds%n",
                batchSize, RECORDS_PER_BATCH, RECORD_VALUE_BYTES, batches, batches * (double) batchSize / (1 << 20), rounds);
        try {
            // Warm-up (JIT) at a quarter of the size.
            runBare(base.resolve("warm-bare"), template, batches / 4);
            runLog(base.resolve("warm-log"), template, batches / 4);
            List<Rates> bare = new ArrayList<>();
            List<Rates> log = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                bare.add(runBare(base.resolve("bare-" + round), template, batches));
                log.add(runLog(base.resolve("log-" + round + "-0"), template, batches));
                System.out.printf("round %d: bare write %.0f MB/s, log append %.0f MB/s%n", round,
                        bare.get(round).writeMBs(), log.get(round).writeMBs());
            }
            Rates b = median(bare);
            Rates l = median(log);
            System.out.printf("%n%-28s %12s %12s %8s%n", "median of " + rounds + " rounds", "bare FC", "PartitionLog", "ratio");
            print("write (to page cache)", b.writeMBs(), l.writeMBs());
            print("write + final fsync", b.writeSyncMBs(), l.writeSyncMBs());
            print("read back", b.readMBs(), l.readMBs());
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratios[round] = 100 * log.get(round).writeMBs() / bare.get(round).writeMBs();
            }
            System.out.printf("median of the per-round append/bare write ratios: %.1f%% (target >= 80%%)%n", median(ratios));
        } finally {
            template.release();
            deleteTree(base);
        }
    }

    private static void print(String what, double bare, double log) {
        System.out.printf("%-28s %9.0f MB/s %7.0f MB/s %7.1f%%%n", what, bare, log, 100 * log / bare);
    }

    private static Rates median(List<Rates> rates) {
        return new Rates(median(rates.stream().mapToDouble(Rates::writeMBs).toArray()),
                median(rates.stream().mapToDouble(Rates::writeSyncMBs).toArray()),
                median(rates.stream().mapToDouble(Rates::readMBs).toArray()));
    }

    private static double median(double[] values) {
        java.util.Arrays.sort(values);
        return values[values.length / 2];
    }

    private static ByteBuf buildBatch() {
        Random random = new Random(1);
        RecordBatchBuilder builder = RecordBatchBuilder.of(CompressionType.NONE);
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            byte[] value = new byte[RECORD_VALUE_BYTES];
            random.nextBytes(value);
            builder.append(System.currentTimeMillis(), null, value);
        }
        // A direct buffer, as a produce request's frame would be.
        return builder.build(PooledByteBufAllocator.DEFAULT);
    }

    private static double mbs(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private static Rates runBare(Path file, ByteBuf template, int batches) throws IOException {
        ByteBuffer bytes = template.nioBuffer();
        long total = (long) bytes.remaining() * batches;
        long start = System.nanoTime();
        long written;
        long synced;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            for (int i = 0; i < batches; i++) {
                ByteBuffer view = bytes.duplicate();
                while (view.hasRemaining()) {
                    channel.write(view);
                }
            }
            written = System.nanoTime();
            channel.force(true);
            synced = System.nanoTime();
            ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
            long readStart = System.nanoTime();
            long read = 0;
            long position = 0;
            int n;
            while ((n = channel.read(in.clear(), position)) > 0) {
                position += n;
                read += n;
            }
            long readEnd = System.nanoTime();
            if (read != total) {
                throw new IllegalStateException("read " + read + " of " + total);
            }
            Files.delete(file);
            return new Rates(mbs(total, written - start), mbs(total, synced - start), mbs(total, readEnd - readStart));
        }
    }

    private static Rates runLog(Path dir, ByteBuf template, int batches) throws IOException {
        long total = (long) template.readableBytes() * batches;
        LogConfig config = LogConfig.defaults().withOverrides(Map.of("message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE)));
        long written;
        long synced;
        long start;
        try (ExecutorScheduler scheduler = new ExecutorScheduler(1, "bench-log")) {
            PartitionLog log = PartitionLog.open(dir, config, Time.SYSTEM, scheduler);
            try {
                start = System.nanoTime();
                for (int i = 0; i < batches; i++) {
                    LogAppendInfo info = log.append(template, 0);
                    if (!info.succeeded()) {
                        throw new IllegalStateException("append failed: " + info);
                    }
                }
                written = System.nanoTime();
                log.flush();
                synced = System.nanoTime();
                log.updateHighWatermark(log.logEndOffset());
                ByteBuf in = PooledByteBufAllocator.DEFAULT.directBuffer(1 << 20, 1 << 20);
                long readStart = System.nanoTime();
                long read = 0;
                long offset = 0;
                int checked = 0;
                try {
                    while (offset < log.logEndOffset()) {
                        FetchDataInfo fetch = log.read(offset, 1 << 20, log.highWatermark());
                        in.clear();
                        fetch.records().readInto(in);
                        read += in.readableBytes();
                        int last = lastBatchStart(in);
                        if (checked++ % 64 == 0 && !RecordBatch.view(in.duplicate().readerIndex(last)).isValid()) {
                            throw new IllegalStateException("corrupt batch read back at offset " + offset);
                        }
                        offset = RecordBatch.view(in.duplicate().readerIndex(last)).nextOffset();
                    }
                } finally {
                    in.release();
                }
                long readEnd = System.nanoTime();
                if (read != total) {
                    throw new IllegalStateException("read " + read + " of " + total);
                }
                return new Rates(mbs(total, written - start), mbs(total, synced - start), mbs(total, readEnd - readStart));
            } finally {
                log.close();
                deleteTree(dir);
            }
        }
    }

    private static int lastBatchStart(ByteBuf buf) {
        int position = buf.readerIndex();
        int last = position;
        while (position < buf.writerIndex()) {
            last = position;
            position += RecordBatch.sizeOf(buf, position);
        }
        return last;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
