package io.samsa.broker.log;

import io.samsa.broker.common.ManualScheduler;
import io.samsa.broker.common.ManualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.samsa.broker.log.LogTestSupport.appendOk;
import static io.samsa.broker.log.LogTestSupport.batch;
import static io.samsa.broker.log.LogTestSupport.bytesOf;
import static io.samsa.broker.log.LogTestSupport.config;
import static io.samsa.broker.log.LogTestSupport.records;
import static io.samsa.broker.log.LogTestSupport.splitBatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readers run without locks while the single writer appends and rolls: they only ever see whole, valid batches. */
class ConcurrentReadTest {
    @TempDir
    Path tmp;

    @Test
    void readersSeeWholeBatchesWhileTheWriterAppendsAndRolls() throws Exception {
        ManualTime time = new ManualTime();
        try (PartitionLog log = PartitionLog.open(tmp.resolve("c-0"), config(4000, 300), time, new ManualScheduler(time))) {
            AtomicBoolean done = new AtomicBoolean();
            CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
                long offset = 0;
                long reads = 0;
                while (!done.get() || offset < log.logEndOffset()) {
                    FetchDataInfo fetch = log.read(offset, 2000, log.logEndOffset());
                    assertEquals(LogError.NONE, fetch.error());
                    for (byte[] stored : splitBatches(bytesOf(fetch.records()))) {
                        List<io.samsa.protocol.record.Record> rs = records(stored);   // CRC-checked
                        assertEquals(offset, rs.get(0).offset(), "no gap, no repeat");
                        offset = rs.get(rs.size() - 1).offset() + 1;
                    }
                    reads++;
                }
                return reads;
            });
            for (int i = 0; i < 3000; i++) {
                appendOk(log, batch("w" + i, 1 + i % 4, time.milliseconds(), 20));
            }
            done.set(true);
            long reads = reader.get(30, TimeUnit.SECONDS);
            assertTrue(reads > 0);
            assertTrue(log.numberOfSegments() > 50, "rolled while being read: " + log.numberOfSegments());
        } catch (IOException e) {
            throw e;
        }
    }
}
