package io.samsa.broker.log;

/**
 * The result of {@link PartitionLog#read}: whole batches as a {@link FileSlice} (empty at the end of
 * what may be read) and the partition's offsets as they were at the read, for the Fetch response.
 * {@code error} is {@link LogError#OFFSET_OUT_OF_RANGE} when the fetch offset lies below the log
 * start or above the log end.
 */
public record FetchDataInfo(LogError error, FileSlice records, long highWatermark, long logStartOffset,
                            long logEndOffset) {

    static FetchDataInfo outOfRange(long highWatermark, long logStartOffset, long logEndOffset) {
        return new FetchDataInfo(LogError.OFFSET_OUT_OF_RANGE, FileSlice.EMPTY, highWatermark, logStartOffset, logEndOffset);
    }
}
