package io.samsa.broker.replication;

import io.samsa.broker.log.AppendOrigin;
import io.samsa.broker.log.LogAppendInfo;
import java.util.concurrent.CompletableFuture;

/**
 * One partition's append waiting on the leader for its group's next entry.
 *
 * @param records the record batches, copied out of the request (the entry keeps them until it is applied)
 */
record PendingAppend(PartitionKey partition, byte[] records, AppendOrigin origin, short requiredAcks,
                     CompletableFuture<LogAppendInfo> result) {
}
