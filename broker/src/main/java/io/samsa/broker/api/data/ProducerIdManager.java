package io.samsa.broker.api.data;

import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.ProducerIdBlock;
import java.util.concurrent.CompletableFuture;

/**
 * Hands out producer ids from blocks that the metadata store reserves for this broker (Kafka's
 * {@code RPCProducerIdManager}): a block is never given to anyone else, even after a restart, so
 * ids are unique across the cluster and its history. A new block is requested when the current one
 * runs out; callers waiting for it are served from it in turn.
 *
 * <p>Thread-safe (synchronized; the metadata write completes the waiting futures on the metadata
 * store's thread).
 */
final class ProducerIdManager {
    private final MetadataStore metadata;
    private final int brokerId;
    private ProducerIdBlock current;
    private long next;
    private CompletableFuture<ProducerIdBlock> allocation;

    ProducerIdManager(MetadataStore metadata, int brokerId) {
        this.metadata = metadata;
        this.brokerId = brokerId;
    }

    /** The next unused producer id; fails (with a {@code MetadataException}) if no block can be reserved. */
    synchronized CompletableFuture<Long> nextProducerId() {
        if (current != null && next <= current.lastProducerId()) {
            return CompletableFuture.completedFuture(next++);
        }
        if (allocation == null || allocation.isDone()) {
            allocation = metadata.allocateProducerIds(brokerId);
        }
        return allocation.thenCompose(block -> {
            install(block);
            return nextProducerId();
        });
    }

    /** Idempotent: every waiter of an allocation installs its block, the first one wins. */
    private synchronized void install(ProducerIdBlock block) {
        if (current == null || block.firstProducerId() > current.firstProducerId()) {
            current = block;
            next = block.firstProducerId();
        }
    }
}
