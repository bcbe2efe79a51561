package io.samsa.protocol.record;

import io.netty.buffer.ByteBuf;
import io.samsa.protocol.MalformedMessageException;
import io.samsa.protocol.wire.Wire;

import java.util.NoSuchElementException;

/**
 * Iterates an uncompressed batch's records straight from its buffer (a slice of the batch, read
 * through a cursor that never moves the caller's indices). After the declared count, no bytes may
 * remain, as Kafka checks.
 */
final class BufferRecordIterator implements CloseableIterator<Record> {
    private final RecordReader reader;
    private final ByteBuf payload;
    private final int count;
    private int read;

    BufferRecordIterator(RecordReader reader, ByteBuf payload, int count) {
        this.reader = reader;
        this.payload = payload;
        this.count = count;
    }

    @Override
    public boolean hasNext() {
        return read < count;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int length;
        try {
            length = Wire.readVarint(payload);
        } catch (MalformedMessageException e) {
            throw new CorruptRecordException("malformed record length: " + e.getMessage(), e);
        }
        RecordReader.checkBodyLength(length, payload.readableBytes());
        Record record = reader.read(payload.readSlice(length));
        if (++read == count && payload.isReadable()) {
            throw new CorruptRecordException(payload.readableBytes() + " bytes follow the batch's "
                    + count + " declared records");
        }
        return record;
    }

    @Override
    public void close() {
    }
}
