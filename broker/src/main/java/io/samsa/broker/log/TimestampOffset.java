package io.samsa.broker.log;

/** A {@link TimeIndex} entry: {@code timestamp} is the largest timestamp in the segment up to (and first reached in) the batch at {@code offset}. */
record TimestampOffset(long timestamp, long offset) { }
