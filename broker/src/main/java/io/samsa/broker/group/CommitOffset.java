package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;

/**
 * One partition's offset in an OffsetCommit request.
 *
 * @param leaderEpoch the client's leader epoch of the last consumed record, or -1
 * @param metadata    the client's string (null is stored as "")
 */
public record CommitOffset(TopicPartition tp, long offset, int leaderEpoch, String metadata) {
}
