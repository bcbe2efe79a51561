package io.samsa.broker.api.admin;

import java.util.Optional;

/**
 * The resource types of DescribeConfigs, AlterConfigs and IncrementalAlterConfigs (Kafka's
 * {@code ConfigResource.Type} ids), and Kafka's checks and messages for BROKER resource names: a broker answers for
 * its own id or for the empty name (the cluster-wide defaults), nothing else.
 */
final class ConfigResources {
    static final byte TOPIC = 2;
    static final byte BROKER = 4;
    static final byte BROKER_LOGGER = 8;
    static final byte CLIENT_METRICS = 16;
    static final byte GROUP = 32;

    private ConfigResources() {
    }

    /** Kafka's name of a resource type, for messages. */
    static String typeName(byte type) {
        return switch (type) {
            case TOPIC -> "TOPIC";
            case BROKER -> "BROKER";
            case BROKER_LOGGER -> "BROKER_LOGGER";
            case CLIENT_METRICS -> "CLIENT_METRICS";
            case GROUP -> "GROUP";
            default -> "UNKNOWN";
        };
    }

    /** DescribeConfigs' INVALID_REQUEST message for a BROKER resource this broker does not answer for, if any. */
    static Optional<String> describeBrokerNameError(String name, int nodeId) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        Integer id = parse(name);
        if (id == null) {
            return Optional.of("Broker id must be an integer, but it is: " + name);
        }
        return id == nodeId ? Optional.empty() : Optional.of("Unexpected broker id, expected " + nodeId
                + " or empty string, but received " + name);
    }

    /** AlterConfigs' and IncrementalAlterConfigs' INVALID_REQUEST message for such a name, if any. */
    static Optional<String> alterBrokerNameError(String name, int nodeId) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        Integer id = parse(name);
        if (id == null) {
            return Optional.of("Node id must be an integer, but it is: " + name);
        }
        return id == nodeId ? Optional.empty() : Optional.of("Unexpected broker id, expected " + nodeId
                + ", but received " + name);
    }

    private static Integer parse(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
