package io.samsa.raft;

/**
 * One member of a data group: a node, the address of its Raft server (its {@code CONTROLLER} listener) and its
 * leader priority. Ratis hands leadership to the caught-up member of highest priority, so giving one member a higher
 * priority makes it the group's preferred leader, which leadership returns to after a failover.
 */
public record DataGroupMember(int nodeId, String address, int priority) {

    public DataGroupMember {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id must be non-negative, got " + nodeId);
        }
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("data group member " + nodeId + " has no address");
        }
    }
}
