package io.samsa.broker.config;

import static io.samsa.broker.config.BrokerConfigDef.ADVERTISED_LISTENERS;
import static io.samsa.broker.config.BrokerConfigDef.CONTROLLER_LISTENER_NAMES;
import static io.samsa.broker.config.BrokerConfigDef.INTER_BROKER_LISTENER_NAME;
import static io.samsa.broker.config.BrokerConfigDef.LISTENERS;
import static io.samsa.broker.config.BrokerConfigDef.LISTENER_SECURITY_PROTOCOL_MAP;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resolved listener settings of a node: what it binds, what it advertises and under which
 * names, checked with Kafka's rules. {@code brokerListeners} are the client-facing listeners the
 * socket server binds; {@code controllerListener} (the first listener named in
 * {@code controller.listener.names}) is where the Raft server binds and is never served by the
 * Kafka socket server.
 */
public record ListenerConfig(
        Map<String, SecurityProtocol> securityProtocolMap,
        List<Endpoint> listeners,
        List<Endpoint> brokerListeners,
        Optional<Endpoint> controllerListener,
        List<Endpoint> advertisedListeners,
        List<String> controllerListenerNames,
        String interBrokerListenerName) {

    /**
     * Resolves the listener keys of {@code values} (parsed by {@link BrokerConfigDef#DEFINITION}).
     *
     * @param explicitKeys the keys the operator set, for Kafka's "when not set" rules
     * @param broker       whether this node has the broker role
     * @param controller   whether this node has the controller role
     * @param voter        whether this node is one of {@code controller.quorum.voters}
     * @param quorum       whether {@code controller.quorum.voters} is set at all (not a single node)
     * @throws ConfigException naming the listener key that breaks a rule
     */
    public static ListenerConfig from(Map<String, Object> values, Set<String> explicitKeys,
                               boolean broker, boolean controller, boolean voter, boolean quorum) {
        List<String> controllerNames = upperCase(list(values, CONTROLLER_LISTENER_NAMES));
        Map<String, SecurityProtocol> protocols = protocolMap((String) values.get(LISTENER_SECURITY_PROTOCOL_MAP));
        if (!explicitKeys.contains(LISTENER_SECURITY_PROTOCOL_MAP)) {
            // As KRaft does: controller listeners are PLAINTEXT unless the map says otherwise.
            controllerNames.forEach(name -> protocols.putIfAbsent(name, SecurityProtocol.PLAINTEXT));
        }
        List<Endpoint> listeners = Endpoint.parseList(LISTENERS, list(values, LISTENERS), protocols);
        checkDistinct(listeners);

        List<Endpoint> brokerListeners = listeners.stream()
            .filter(e -> !controllerNames.contains(e.listenerName())).toList();
        Optional<Endpoint> controllerListener = listeners.stream()
            .filter(e -> controllerNames.contains(e.listenerName())).findFirst();
        checkRoles(listeners, brokerListeners, controllerListener, broker, controller, voter, quorum);

        List<Endpoint> advertised = advertised(values, listeners, brokerListeners, controllerNames, protocols);
        String configured = (String) values.get(INTER_BROKER_LISTENER_NAME);
        String interBroker = configured == null
            ? SecurityProtocol.PLAINTEXT.name() : configured.toUpperCase(Locale.ROOT);
        if (broker && advertised.stream().noneMatch(e -> e.listenerName().equals(interBroker))) {
            throw new ConfigException(INTER_BROKER_LISTENER_NAME, interBroker, "must be a listener name defined in "
                + ADVERTISED_LISTENERS + " (or in " + LISTENERS + " when " + ADVERTISED_LISTENERS + " is not set)");
        }
        return new ListenerConfig(Map.copyOf(protocols), listeners, brokerListeners, controllerListener,
            advertised, List.copyOf(controllerNames), interBroker);
    }

    private static void checkRoles(List<Endpoint> listeners, List<Endpoint> brokerListeners,
                                   Optional<Endpoint> controllerListener, boolean broker, boolean controller,
                                   boolean voter, boolean quorum) {
        if (broker && brokerListeners.isEmpty()) {
            throw new ConfigException(LISTENERS, listeners, "a broker needs at least one listener that is not in "
                + CONTROLLER_LISTENER_NAMES);
        }
        for (Endpoint e : brokerListeners) {
            if (e.securityProtocol() != SecurityProtocol.PLAINTEXT) {
                throw new ConfigException(LISTENERS, e, "Samsa serves PLAINTEXT listeners only, but "
                    + e.listenerName() + " maps to " + e.securityProtocol());
            }
        }
        if (voter && controllerListener.isEmpty()) {
            throw new ConfigException(CONTROLLER_LISTENER_NAMES, "A voter of controller.quorum.voters needs a "
                + "listener in " + LISTENERS + " named in " + CONTROLLER_LISTENER_NAMES);
        }
        if (quorum && !controller && controllerListener.isPresent()) {
            throw new ConfigException(LISTENERS, "Listener " + controllerListener.get().listenerName()
                + " is a controller listener, but process.roles has no controller role");
        }
    }

    private static List<Endpoint> advertised(Map<String, Object> values, List<Endpoint> listeners,
                                             List<Endpoint> brokerListeners, List<String> controllerNames,
                                             Map<String, SecurityProtocol> protocols) {
        List<String> raw = list(values, ADVERTISED_LISTENERS);
        List<Endpoint> advertised;
        if (raw == null) {
            advertised = brokerListeners;
        } else {
            Set<String> names = new HashSet<>();
            listeners.forEach(e -> names.add(e.listenerName()));
            advertised = new ArrayList<>();
            for (Endpoint e : Endpoint.parseList(ADVERTISED_LISTENERS, raw, protocols)) {
                if (!names.contains(e.listenerName())) {
                    throw new ConfigException(ADVERTISED_LISTENERS, e, "listener " + e.listenerName()
                        + " is not in " + LISTENERS);
                }
                if (!controllerNames.contains(e.listenerName())) {
                    advertised.add(e);
                }
            }
        }
        List<Endpoint> resolved = new ArrayList<>();
        for (Endpoint e : advertised) {
            if (!e.host().isEmpty() && e.isWildcard()) {
                throw new ConfigException(ADVERTISED_LISTENERS, "advertised.listeners cannot use the nonroutable "
                    + "meta-address " + e.host() + " (from " + e + "); set advertised.listeners to a routable address");
            }
            resolved.add(e.host().isEmpty() ? e.withHost(canonicalLocalHost()) : e);
        }
        return List.copyOf(resolved);
    }

    private static void checkDistinct(List<Endpoint> listeners) {
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (Endpoint e : listeners) {
            if (!names.add(e.listenerName())) {
                throw new ConfigException(LISTENERS, listeners, "listener name " + e.listenerName() + " appears twice");
            }
            if (e.port() != 0 && !ports.add(e.port())) {
                throw new ConfigException(LISTENERS, listeners, "port " + e.port() + " appears twice");
            }
        }
    }

    private static Map<String, SecurityProtocol> protocolMap(String raw) {
        Map<String, SecurityProtocol> map = new LinkedHashMap<>();
        for (String entry : raw.isBlank() ? new String[0] : raw.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException(LISTENER_SECURITY_PROTOCOL_MAP, raw, "expected NAME:PROTOCOL,...");
            }
            String name = entry.substring(0, colon).trim().toUpperCase(Locale.ROOT);
            SecurityProtocol protocol = SecurityProtocol.forName(entry.substring(colon + 1));
            if (protocol == null) {
                throw new ConfigException(LISTENER_SECURITY_PROTOCOL_MAP, raw,
                    "unknown security protocol in " + entry.trim());
            }
            if (map.put(name, protocol) != null) {
                throw new ConfigException(LISTENER_SECURITY_PROTOCOL_MAP, raw, "listener " + name + " appears twice");
            }
        }
        return map;
    }

    private static String canonicalLocalHost() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> values, String name) {
        return (List<String>) values.get(name);
    }

    private static List<String> upperCase(List<String> names) {
        List<String> upper = new ArrayList<>();
        names.forEach(n -> upper.add(n.toUpperCase(Locale.ROOT)));
        return upper;
    }
}
