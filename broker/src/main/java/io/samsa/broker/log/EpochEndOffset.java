package io.samsa.broker.log;

/**
 * The answer to OffsetForLeaderEpoch for one partition: the largest leader epoch at or below the one
 * asked for, and the offset where it ended (the start of the next epoch, or the log end for the
 * current one). {@link #UNDEFINED} (-1, -1) when the epoch is unknown, as in Kafka.
 */
public record EpochEndOffset(int leaderEpoch, long endOffset) {
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(-1, -1L);
}
