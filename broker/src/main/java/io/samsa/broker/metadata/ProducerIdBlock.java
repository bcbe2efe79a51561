package io.samsa.broker.metadata;

/** Producer ids {@code [firstProducerId, firstProducerId + size)}, handed to one broker and never to another. */
public record ProducerIdBlock(int brokerId, long firstProducerId, int size) {

    public long lastProducerId() {
        return firstProducerId + size - 1;
    }
}
