package io.samsa.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.WrappedByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.message.FetchResponse;
import io.samsa.protocol.message.ResponseHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a {@link Response} as one frame: 4-byte size, response header (v0, or v1 for flexible
 * versions; ApiVersions always v0), body. The size is computed first, so the frame is written
 * into one exactly-sized direct buffer with no resizing.
 * <p>Zero-copy fetch: a Fetch response whose partitions carry {@link FileRegionRecords} is emitted
 * as the frame's other bytes cut into slices, with a file region (sent by {@code sendfile}) between
 * them where each partition's records go. The generated codec writes the body as usual; the only
 * difference is that the buffer it writes into notes where records of a file region belong instead
 * of copying them. Only Fetch responses are searched for regions, as they are the only responses
 * whose records come from segment files.
 * <p>Ownership: the buffers and regions it emits pass to the channel. One instance per channel.
 */
public final class ResponseEncoder extends MessageToMessageEncoder<Response> {

    public ResponseEncoder() {
        super(Response.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Response response, List<Object> out) {
        short headerVersion = response.apiKey().responseHeaderVersion(response.apiVersion());
        ResponseHeader header = new ResponseHeader().setCorrelationId(response.correlationId());
        int size = header.size(headerVersion) + response.body().size(response.apiVersion());
        long regionBytes = response.apiKey() == ApiKey.FETCH ? fileRegionBytes((FetchResponse) response.body()) : 0;
        ByteBuf frame = ctx.alloc().ioBuffer((int) (FrameDecoder.SIZE_PREFIX_BYTES + size - regionBytes));
        if (regionBytes == 0) {
            try {
                frame.writeInt(size);
                header.write(frame, headerVersion);
                response.body().write(frame, response.apiVersion());
            } catch (RuntimeException e) {
                frame.release();
                throw e;
            }
            out.add(frame);
            return;
        }
        RegionSplicer splicer = new RegionSplicer(frame);
        try {
            splicer.writeInt(size);
            header.write(splicer, headerVersion);
            response.body().write(splicer, response.apiVersion());
            splicer.emit(out);
        } finally {
            frame.release(); // emit() gave the channel retained slices of it
        }
    }

    /** The bytes of the response's records that are file regions (the frame holds the rest). */
    private static long fileRegionBytes(FetchResponse body) {
        long total = 0;
        for (FetchResponse.FetchableTopicResponse topic : body.responses()) {
            for (FetchResponse.PartitionData partition : topic.partitions()) {
                if (partition.records() instanceof FileRegionRecords records) {
                    total += records.readableBytes();
                }
            }
        }
        return total;
    }

    /**
     * The buffer a body with file regions is written through: every write goes to the frame, except
     * that of a {@link FileRegionRecords}, which is only noted with the frame position it belongs
     * at. Confined to one {@link #encode} call.
     */
    private static final class RegionSplicer extends WrappedByteBuf {
        private final List<Integer> positions = new ArrayList<>();
        private final List<FileRegionRecords> regions = new ArrayList<>();

        RegionSplicer(ByteBuf frame) {
            super(frame);
        }

        @Override
        public ByteBuf writeBytes(ByteBuf src, int srcIndex, int length) {
            if (src instanceof FileRegionRecords records) {
                if (srcIndex != records.readerIndex() || length != records.readableBytes()) {
                    throw new IllegalStateException("a file region's records are written whole, not in part");
                }
                positions.add(buf.writerIndex());
                regions.add(records);
                return this;
            }
            buf.writeBytes(src, srcIndex, length);
            return this;
        }

        @Override
        public ByteBuf writeBytes(ByteBuf src) {
            return writeBytes(src, src.readableBytes());
        }

        @Override
        public ByteBuf writeBytes(ByteBuf src, int length) {
            if (src instanceof FileRegionRecords) {
                throw new IllegalStateException("file region records are written by index, without moving them");
            }
            buf.writeBytes(src, length);
            return this;
        }

        /** Adds the frame's slices and the regions, in wire order, to {@code out}. */
        void emit(List<Object> out) {
            int from = 0;
            for (int i = 0; i < regions.size(); i++) {
                int at = positions.get(i);
                if (at > from) {
                    out.add(buf.retainedSlice(from, at - from));
                }
                out.add(regions.get(i).newFileRegion());
                from = at;
            }
            if (buf.writerIndex() > from) {
                out.add(buf.retainedSlice(from, buf.writerIndex() - from));
            }
        }
    }
}
