package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ListGroupsResponse.ListedGroup;

import java.util.List;

/** ListGroups' answer: the groups of every shard of this broker, or the error that stopped the listing. */
public record ListGroupsResult(ErrorCode error, List<ListedGroup> groups) {

    public static ListGroupsResult error(ErrorCode error) {
        return new ListGroupsResult(error, List.of());
    }
}
