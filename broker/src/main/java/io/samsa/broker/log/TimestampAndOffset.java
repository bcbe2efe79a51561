package io.samsa.broker.log;

/**
 * The answer to a ListOffsets lookup by timestamp: the record's timestamp, its offset and the leader
 * epoch of its batch; all -1 ({@link #NONE}) when no record matches, which is what Kafka answers
 * (a real offset with timestamp -1 crashes the Java consumer's {@code offsetsForTimes}).
 */
public record TimestampAndOffset(long timestamp, long offset, int leaderEpoch) {
    public static final TimestampAndOffset NONE = new TimestampAndOffset(-1L, -1L, -1);

    public boolean isNone() {
        return offset < 0;
    }
}
