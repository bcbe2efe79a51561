package io.samsa.broker.log;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.common.Time;

import java.nio.file.Path;

/**
 * The child process of {@link CrashRecoveryTest}: appends {@link CrashRecoveryTest#childBatch}
 * batches to the log in {@code args[0]} as fast as it can, printing {@code appended <i> <first>
 * <last>} after each append returns, until it is killed. It never closes the log.
 */
public final class AppendingProcess {
    private AppendingProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int maxBatches = Integer.parseInt(args[1]);
        Scheduler scheduler = new ExecutorScheduler(1, "child-log");
        PartitionLog log = PartitionLog.open(dir, CrashRecoveryTest.CHILD_CONFIG, Time.SYSTEM, scheduler);
        System.out.println("opened " + log.logEndOffset());
        for (int i = 0; i < maxBatches; i++) {
            ByteBuf batch = CrashRecoveryTest.childBatch(i);
            LogAppendInfo info;
            try {
                info = log.append(batch, 1);
            } finally {
                batch.release();
            }
            if (!info.succeeded()) {
                System.out.println("failed " + info);
                System.exit(2);
            }
            System.out.println("appended " + i + " " + info.firstOffset() + " " + info.lastOffset());
            System.out.flush();
        }
        System.out.println("done");
        System.out.flush();
        // Wait to be killed, holding the log open (reading stdin blocks until the parent goes away).
        System.in.read();
    }
}
