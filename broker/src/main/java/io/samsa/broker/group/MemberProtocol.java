package io.samsa.broker.group;

import java.util.Arrays;
import java.util.Objects;

/**
 * One protocol a member supports, as its JoinGroup lists it: the name (for consumers an assignor such as
 * {@code range}) and the opaque metadata the leader's assignor reads (for consumers a serialized subscription).
 * Compared by content, since a member's rejoin with the same protocols must not cause a rebalance.
 */
public record MemberProtocol(String name, byte[] metadata) {

    public MemberProtocol {
        Objects.requireNonNull(name, "name");
        metadata = metadata == null ? new byte[0] : metadata;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemberProtocol p && name.equals(p.name) && Arrays.equals(metadata, p.metadata);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(metadata);
    }

    @Override
    public String toString() {
        return name + "(" + metadata.length + " bytes)";
    }
}
