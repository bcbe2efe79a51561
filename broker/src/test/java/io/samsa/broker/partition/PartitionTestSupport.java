package io.samsa.broker.partition;

import io.netty.buffer.ByteBuf;
import io.samsa.broker.common.Time;
import io.samsa.broker.log.LogConfig;
import io.samsa.broker.log.PartitionLog;
import io.samsa.broker.log.TopicPartition;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.protocol.record.CompressionType;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Partitions over real logs in a temporary directory, for the partition package's tests. */
final class PartitionTestSupport {
    static final int BROKER = 1;

    private PartitionTestSupport() {
    }

    static PartitionLog openLog(Path dir, Map<String, String> topicConfig) throws IOException {
        return PartitionLog.open(dir.resolve("t-0"), LogConfig.defaults().withOverrides(topicConfig), Time.SYSTEM,
                new ManualTimer());
    }

    static Partition partition(PartitionLog log, int leaderEpoch) {
        PartitionImage state = new PartitionImage(0, List.of(BROKER), List.of(BROKER), BROKER, leaderEpoch);
        return new Partition(new TopicPartition("t", 0), UUID.randomUUID(), BROKER, log, state,
                LocalReplication.factory());
    }

    static PartitionImage led(int leader, int epoch) {
        return new PartitionImage(0, List.of(BROKER), List.of(BROKER), leader, epoch);
    }

    /** A batch of {@code count} records with values of {@code valueSize} bytes; the caller owns it. */
    static ByteBuf batch(int count, int valueSize) {
        RecordBatchBuilder builder = RecordBatchBuilder.of(CompressionType.NONE);
        for (int i = 0; i < count; i++) {
            builder.append(System.currentTimeMillis(), ("k" + i).getBytes(StandardCharsets.UTF_8), new byte[valueSize]);
        }
        return builder.build();
    }
}
