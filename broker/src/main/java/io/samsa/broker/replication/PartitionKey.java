package io.samsa.broker.replication;

import java.util.UUID;

/** A partition as data groups name it: by topic id, so a re-created topic of the same name is another partition. */
record PartitionKey(UUID topicId, int partition) {

    @Override
    public String toString() {
        return topicId + "-" + partition;
    }
}
