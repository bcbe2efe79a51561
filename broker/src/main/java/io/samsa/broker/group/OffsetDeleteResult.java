package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;

import java.util.Map;

/** OffsetDelete's answer: a group-level error, or one per partition (in request order). */
public record OffsetDeleteResult(ErrorCode error, Map<TopicPartition, ErrorCode> partitions) {

    public static OffsetDeleteResult error(ErrorCode error) {
        return new OffsetDeleteResult(error, Map.of());
    }
}
