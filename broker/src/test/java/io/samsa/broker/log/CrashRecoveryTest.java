package io.samsa.broker.log;

import io.samsa.broker.common.ManualScheduler;
import io.netty.buffer.ByteBuf;
import io.samsa.broker.common.ManualTime;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a child JVM with SIGKILL in the middle of its appends and checks that the reopened log holds
 * every batch the child had reported appended, intact, followed by nothing but whole valid batches.
 */
class CrashRecoveryTest {
    static final LogConfig CHILD_CONFIG = LogTestSupport.config(64 * 1024, 2048);
    private static final int REPORTED_BEFORE_KILL = 400;

    @TempDir
    Path tmp;

    /** Batch {@code i} of the child: 1-4 records whose values name the batch and record. */
    static ByteBuf childBatch(int i) {
        RecordBatchBuilder builder = RecordBatchBuilder.of(i % 5 == 0 ? CompressionType.LZ4 : CompressionType.NONE);
        for (int j = 0; j <= i % 4; j++) {
            builder.append(1_700_000_000_000L + i, null, LogTestSupport.value("child-" + i + "-" + j, 150));
        }
        return builder.build();
    }

    @Test
    void aLogKilledMidAppendKeepsEveryReportedBatch() throws Exception {
        Path dir = tmp.resolve("crash-0");
        Path stderr = tmp.resolve("child.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), AppendingProcess.class.getName(),
                dir.toString(), "1000000")
                .redirectError(stderr.toFile())
                .start();
        List<long[]> reported = new ArrayList<>();   // {i, firstOffset, lastOffset}
        try {
            BlockingQueue<String> lines = drain(child);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reported.size() < REPORTED_BEFORE_KILL) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.startsWith("failed") || line.equals("EOF")) {
                    throw new AssertionError("child stopped reporting (" + line + "): " + Files.readString(stderr));
                }
                if (line.startsWith("appended ")) {
                    String[] parts = line.split(" ");
                    reported.add(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])});
                }
            }
        } finally {
            child.destroyForcibly();   // SIGKILL on Linux: no shutdown hooks, no close
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child exited");
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        ManualTime time = new ManualTime();
        try (PartitionLog log = PartitionLog.open(dir, CHILD_CONFIG, time, new ManualScheduler(time))) {
            long[] lastReported = reported.get(reported.size() - 1);
            assertTrue(log.logEndOffset() > lastReported[2], "every reported batch survived: end " + log.logEndOffset());
            assertTrue(log.numberOfSegments() > 1, "the child rolled segments");
            List<byte[]> batches = LogTestSupport.readAllBatches(log, log.logEndOffset());
            assertTrue(batches.size() >= reported.size());
            long nextOffset = 0;
            for (int i = 0; i < batches.size(); i++) {
                List<Record> records = LogTestSupport.records(batches.get(i));   // checks the CRC
                assertEquals(nextOffset, records.get(0).offset(), "batch " + i + " continues the offsets");
                assertEquals(i % 4 + 1, records.size(), "batch " + i + " is whole");
                for (int j = 0; j < records.size(); j++) {
                    assertArrayEquals(LogTestSupport.value("child-" + i + "-" + j, 150), records.get(j).value(),
                            "batch " + i + " record " + j);
                }
                if (i < reported.size()) {
                    assertEquals(reported.get(i)[1], records.get(0).offset());
                    assertEquals(reported.get(i)[2], records.get(records.size() - 1).offset());
                }
                nextOffset = records.get(records.size() - 1).offset() + 1;
            }
            assertEquals(log.logEndOffset(), nextOffset);
        }
    }

    /** Reads the child's stdout on a daemon thread so it never blocks on a full pipe. */
    private static BlockingQueue<String> drain(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child was killed
            }
            lines.add("EOF");
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
