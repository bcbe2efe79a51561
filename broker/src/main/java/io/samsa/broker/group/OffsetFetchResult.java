package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;

import java.util.Map;

/**
 * OffsetFetch's answer for one group: a group-level error, or the committed offsets.
 *
 * @param offsets per partition in request order; a null value means the partition has no committed offset
 */
public record OffsetFetchResult(ErrorCode error, Map<TopicPartition, OffsetAndMetadata> offsets) {

    public static OffsetFetchResult error(ErrorCode error) {
        return new OffsetFetchResult(error, Map.of());
    }
}
