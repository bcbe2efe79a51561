package io.samsa.broker.group;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a classic group chooses its protocol: it counts, for each protocol name, how many members support it; the
 * candidates are those every member supports, and each member votes for its most preferred candidate. Also reads
 * what a {@code consumer} group's members subscribe to.
 *
 * <p>Confined to the group's shard executor, like the group that owns it.
 */
final class GroupProtocols {
    private final Map<String, Integer> supporters = new HashMap<>();

    void add(List<MemberProtocol> protocols) {
        protocols.forEach(p -> supporters.merge(p.name(), 1, Integer::sum));
    }

    void remove(List<MemberProtocol> protocols) {
        protocols.forEach(p -> supporters.merge(p.name(), -1, Integer::sum));
    }

    /** Protocols all {@code members} members support. */
    Set<String> candidates(int members) {
        Set<String> candidates = new HashSet<>();
        supporters.forEach((name, count) -> {
            if (count == members) {
                candidates.add(name);
            }
        });
        return candidates;
    }

    /** Whether one of {@code protocols} is supported by all {@code members} members. */
    boolean anySupportedByAll(List<MemberProtocol> protocols, int members) {
        return protocols.stream().anyMatch(p -> supporters.getOrDefault(p.name(), 0) == members);
    }

    /** The candidate with the most votes (ties: the first counted, in member order). */
    String select(Collection<GroupMember> members) {
        Set<String> candidates = candidates(members.size());
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (GroupMember member : members) {
            votes.merge(member.vote(candidates), 1, Integer::sum);
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
    }

    /**
     * The topics a {@code consumer} group's members subscribe to with {@code protocolName}; null when unknown (another
     * protocol type, no protocol yet, or metadata that does not parse), which callers treat as "everything".
     */
    static Set<String> subscribedTopics(String protocolType, String protocolName, Collection<GroupMember> members) {
        if (!ConsumerProtocol.PROTOCOL_TYPE.equals(protocolType)) {
            return null;
        }
        if (members.isEmpty()) {
            return Set.of();
        }
        if (protocolName == null) {
            return null;
        }
        Set<String> topics = new HashSet<>();
        for (GroupMember member : members) {
            Optional<List<String>> subscribed = ConsumerProtocol.subscribedTopics(member.metadata(protocolName));
            if (subscribed.isEmpty()) {
                return null;
            }
            topics.addAll(subscribed.get());
        }
        return topics;
    }
}
