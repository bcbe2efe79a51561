package io.samsa.raft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One voter of a Raft quorum: a node id and the address of its {@code CONTROLLER} listener.
 *
 * <p>{@link #parseAll} reads Kafka's {@code controller.quorum.voters} format,
 * {@code 1@127.0.0.1:9093,2@[::1]:9095}: comma-separated {@code {id}@{host}:{port}} entries, IPv6 hosts in brackets.
 */
public record QuorumVoter(int id, String host, int port) {

    public static final String CONFIG_KEY = "controller.quorum.voters";

    public QuorumVoter {
        if (id < 0) {
            throw new IllegalArgumentException(CONFIG_KEY + ": voter id must be non-negative, got " + id);
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(CONFIG_KEY + ": voter " + id + " has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(CONFIG_KEY + ": voter " + id + " has invalid port " + port);
        }
    }

    /** Parses {@code controller.quorum.voters}; an empty or blank value gives an empty list. Duplicate ids are rejected. */
    public static List<QuorumVoter> parseAll(String value) {
        List<QuorumVoter> voters = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return voters;
        }
        Set<Integer> seen = new HashSet<>();
        for (String raw : value.split(",")) {
            QuorumVoter voter = parse(raw.trim());
            if (!seen.add(voter.id())) {
                throw new IllegalArgumentException(CONFIG_KEY + ": voter id " + voter.id() + " appears twice in '" + value + "'");
            }
            voters.add(voter);
        }
        return List.copyOf(voters);
    }

    /** Parses one {@code {id}@{host}:{port}} entry. */
    public static QuorumVoter parse(String entry) {
        int at = entry.indexOf('@');
        if (at <= 0 || at != entry.lastIndexOf('@')) {
            throw invalid(entry);
        }
        int id;
        try {
            id = Integer.parseInt(entry.substring(0, at).trim());
        } catch (NumberFormatException e) {
            throw invalid(entry);
        }
        RaftEndpoint address = RaftEndpoint.parseHostPort(entry.substring(at + 1).trim(), CONFIG_KEY);
        return new QuorumVoter(id, address.host(), address.port());
    }

    /** The {@code host:port} string Ratis uses as a peer address. */
    public String address() {
        return new RaftEndpoint(host, port).address();
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException(CONFIG_KEY + ": invalid entry '" + entry
                + "'; each entry should be in the form {id}@{host}:{port}");
    }
}
