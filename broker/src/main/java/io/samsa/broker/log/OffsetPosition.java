package io.samsa.broker.log;

/** An {@link OffsetIndex} entry: the batch with base offset {@code offset} starts at byte {@code position} of its segment. */
record OffsetPosition(long offset, int position) { }
