package io.samsa.broker.metadata;

import io.samsa.protocol.ErrorCode;
import java.util.UUID;

/**
 * The outcome of creating one topic. On success it carries what CreateTopics v5+ reports: the topic id (null for
 * {@code validateOnly}), partition count and replication factor.
 */
public record CreateTopicResult(ErrorCode error, String message, UUID topicId, int numPartitions,
                                int replicationFactor) {

    static CreateTopicResult failed(ErrorCode error, String message) {
        return new CreateTopicResult(error, message, null, -1, -1);
    }

    public boolean isOk() {
        return error == ErrorCode.NONE;
    }
}
