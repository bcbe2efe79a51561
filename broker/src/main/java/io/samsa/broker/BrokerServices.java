package io.samsa.broker;

import io.samsa.broker.common.Time;
import io.samsa.broker.log.LogManager;
import io.samsa.broker.log.Scheduler;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.partition.PartitionManager;

import java.util.concurrent.Executor;

/**
 * The long-lived components of one broker that API handlers are built from. Handlers take the
 * pieces they need from it at construction; nothing looks components up later.
 *
 * @param config     the broker's typed configuration
 * @param time       the clock every component uses
 * @param scheduler  background tasks (retention, flushes, timers)
 * @param ioExecutor where handlers run (num.io.threads); never a Netty event loop
 * @param metadata   the cluster metadata store (Raft or the local journal)
 * @param logs       this node's partition logs
 * @param partitions the partitions this node hosts (leadership, appends, reads, long-poll fetches)
 */
public record BrokerServices(BrokerConfig config, Time time, Scheduler scheduler, Executor ioExecutor,
                             MetadataStore metadata, LogManager logs, PartitionManager partitions) {
}
