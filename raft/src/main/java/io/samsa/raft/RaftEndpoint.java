package io.samsa.raft;

import java.util.Locale;

/**
 * The host and port a Raft server binds to and peers connect to: the node's {@code CONTROLLER://host:port} listener.
 * Ratis binds to {@link #host()} only (not the wildcard address) unless the host is empty or {@code 0.0.0.0}.
 */
public record RaftEndpoint(String host, int port) {

    public RaftEndpoint {
        if (host == null) {
            throw new IllegalArgumentException("Raft endpoint host must not be null");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Raft endpoint port out of range: " + port);
        }
    }

    /**
     * Finds the listener named {@code listenerName} (normally {@code CONTROLLER}) in a Kafka {@code listeners} value
     * such as {@code PLAINTEXT://:9092,CONTROLLER://127.0.0.1:9093}.
     */
    public static RaftEndpoint fromListeners(String listeners, String listenerName) {
        if (listeners != null) {
            for (String raw : listeners.split(",")) {
                String entry = raw.trim();
                int sep = entry.indexOf("://");
                if (sep > 0 && entry.substring(0, sep).toUpperCase(Locale.ROOT).equals(listenerName.toUpperCase(Locale.ROOT))) {
                    return parseHostPort(entry.substring(sep + 3), "listeners");
                }
            }
        }
        throw new IllegalArgumentException("listeners: no " + listenerName + ":// entry in '" + listeners
                + "'; a Raft node needs one for its Raft address");
    }

    /** Parses {@code host:port}, {@code [ipv6]:port} or {@code :port} (empty host: every interface). */
    static RaftEndpoint parseHostPort(String value, String configKey) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(configKey + ": '" + value + "' is not host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException(configKey + ": IPv6 host in '" + value + "' must be in brackets");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(configKey + ": invalid port in '" + value + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(configKey + ": port out of range in '" + value + "'");
        }
        return new RaftEndpoint(host, port);
    }

    /** True when the host names no particular interface. */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    /** {@code host:port}, with IPv6 hosts in brackets. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
