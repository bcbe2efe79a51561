package io.samsa.broker.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One voter of the metadata quorum from {@code controller.quorum.voters}, written
 * {@code id@host:port} (IPv6 hosts in brackets), where the port is that node's controller listener.
 */
public record QuorumVoter(int nodeId, String host, int port) {

    /** Parses the voter list; ids must be distinct. */
    public static List<QuorumVoter> parseList(String configName, List<String> items) {
        List<QuorumVoter> voters = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (String item : items) {
            QuorumVoter voter = parse(configName, item);
            if (!ids.add(voter.nodeId())) {
                throw new ConfigException(configName, String.join(",", items),
                    "voter id " + voter.nodeId() + " appears twice");
            }
            voters.add(voter);
        }
        return List.copyOf(voters);
    }

    static QuorumVoter parse(String configName, String item) {
        int at = item.indexOf('@');
        int colon = item.lastIndexOf(':');
        if (at <= 0 || colon < at + 2 || colon == item.length() - 1) {
            throw new ConfigException(configName, item, "expected id@host:port");
        }
        String host = item.substring(at + 1, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int id;
        int port;
        try {
            id = Integer.parseInt(item.substring(0, at));
            port = Integer.parseInt(item.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(configName, item, "expected id@host:port with numeric id and port");
        }
        if (id < 0 || host.isEmpty() || port < 1 || port > 65535) {
            throw new ConfigException(configName, item, "expected id >= 0, a host and a port in 1..65535");
        }
        return new QuorumVoter(id, host, port);
    }

    @Override
    public String toString() {
        return nodeId + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
