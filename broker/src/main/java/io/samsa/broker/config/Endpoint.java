package io.samsa.broker.config;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One listener, {@code NAME://host:port}, with its security protocol. The name is normalised to
 * upper case as Kafka does. An empty host (written {@code NAME://:9092}) is kept as {@code ""} and
 * binds every interface, like {@code 0.0.0.0}; IPv6 hosts are written in brackets
 * ({@code PLAINTEXT://[::1]:9092}). Port 0 asks the OS for a free port (tests, embedded brokers);
 * the socket server reports the bound port with {@link #withPort}.
 */
public record Endpoint(String listenerName, SecurityProtocol securityProtocol, String host, int port) {

    // NAME://host:port, NAME://[v6]:port or NAME://:port, as Kafka's listener parser accepts.
    private static final Pattern URI = Pattern.compile("^(.*)://\\[?([0-9a-zA-Z\\-%._:]*)\\]?:(-?[0-9]+)$");

    public Endpoint {
        Objects.requireNonNull(listenerName, "listenerName");
        Objects.requireNonNull(securityProtocol, "securityProtocol");
        Objects.requireNonNull(host, "host");
    }

    /**
     * Parses a listener list such as {@code listeners} or {@code advertised.listeners}.
     *
     * @param configName  the key being parsed, named in errors
     * @param protocolMap normalised listener name → protocol
     */
    public static List<Endpoint> parseList(String configName, List<String> items,
                                           Map<String, SecurityProtocol> protocolMap) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String item : items) {
            endpoints.add(parse(configName, item, protocolMap));
        }
        return List.copyOf(endpoints);
    }

    static Endpoint parse(String configName, String item, Map<String, SecurityProtocol> protocolMap) {
        Matcher m = URI.matcher(item.trim());
        if (!m.matches()) {
            throw new ConfigException(configName, item, "expected NAME://host:port");
        }
        String name = m.group(1).toUpperCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new ConfigException(configName, item, "the listener name is empty");
        }
        int port;
        try {
            port = Integer.parseInt(m.group(3));
        } catch (NumberFormatException e) {
            throw new ConfigException(configName, item, "the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(configName, item, "the port must be between 0 and 65535");
        }
        SecurityProtocol protocol = protocolMap.get(name);
        if (protocol == null) {
            throw new ConfigException(configName, item, "no security protocol is defined for listener " + name
                + " in " + BrokerConfigDef.LISTENER_SECURITY_PROTOCOL_MAP);
        }
        return new Endpoint(name, protocol, m.group(2), port);
    }

    /** Whether the host means "every interface" (empty or {@code 0.0.0.0} / {@code ::}). */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    /** The address to bind: the wildcard address for an empty host, else host:port. */
    public InetSocketAddress bindAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    public Endpoint withPort(int newPort) {
        return new Endpoint(listenerName, securityProtocol, host, newPort);
    }

    public Endpoint withHost(String newHost) {
        return new Endpoint(listenerName, securityProtocol, newHost, port);
    }

    /** {@code host:port}, with IPv6 hosts in brackets. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The listener in Kafka's notation, {@code NAME://host:port}. */
    @Override
    public String toString() {
        return listenerName + "://" + hostPort();
    }
}
