package io.samsa.broker.replication;

import io.samsa.broker.log.PartitionLog;
import io.samsa.broker.partition.Replication;

/**
 * This node's replica of a partition in a data group, as the partition layer hosts it: the log the group's state
 * machine appends to, and whom to tell when its high watermark advances (the partition's waiting fetches).
 */
record HostedReplica(PartitionKey partition, PartitionLog log, Replication.HighWatermarkListener listener) {
}
