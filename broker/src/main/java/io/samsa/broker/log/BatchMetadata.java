package io.samsa.broker.log;

/**
 * One of the last batches a producer appended: its sequence range, the offsets it was given and its
 * max timestamp. A retried batch with the same sequence range is answered with these offsets.
 */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) { }
