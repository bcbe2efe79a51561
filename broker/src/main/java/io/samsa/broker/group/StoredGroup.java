package io.samsa.broker.group;

import java.util.List;

/**
 * A group as one {@code GroupMetadataValue} record stores it: enough to restore a Stable or Empty group after a
 * restart or a coordinator move, so that live members keep their generation and assignment without a rebalance.
 *
 * @param protocolType          the group's protocol type ("" for a group that only stores offsets)
 * @param generation            the generation id
 * @param protocol              the selected protocol, or null
 * @param leader                the leader's member id, or null
 * @param currentStateTimestamp when the group entered its state, or -1 (records before version 2)
 * @param members               the members, each with its metadata for the selected protocol and its assignment
 */
record StoredGroup(String protocolType, int generation, String protocol, String leader, long currentStateTimestamp,
                   List<Member> members) {

    StoredGroup {
        members = List.copyOf(members);
    }

    /** One member of a {@link StoredGroup}. Arrays are owned by the record and not copied. */
    record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                  int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }
}
