package io.samsa.protocol.record;

import java.util.Iterator;

/**
 * An iterator that may hold a decompressor (native zstd/lz4 state, inflater): close it, ideally
 * with try-with-resources. Closing twice, or after the last element, is harmless.
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
}
