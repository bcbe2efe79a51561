package io.samsa.broker.group;

/**
 * A committed offset as the coordinator keeps and stores it (Kafka's {@code OffsetCommitValue}).
 *
 * @param offset            the next offset the group will read
 * @param leaderEpoch       the leader epoch of the record before {@code offset} as the client saw it, or -1
 * @param metadata          the client's free-form string (never null: Kafka stores a null as "")
 * @param commitTimestampMs when the commit was written (broker wall clock)
 * @param expireTimestampMs an explicit expiry from OffsetCommit v2–v4's retention time, or -1 (the broker's
 *                          {@code offsets.retention.minutes} applies)
 */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata, long commitTimestampMs,
                                long expireTimestampMs) {

    public static final int NO_LEADER_EPOCH = -1;
    public static final long NO_EXPIRY = -1L;

    public OffsetAndMetadata {
        metadata = metadata == null ? "" : metadata;
    }

    public boolean hasExpireTimestamp() {
        return expireTimestampMs != NO_EXPIRY;
    }
}
