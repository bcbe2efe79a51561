package io.samsa.broker.config;

/**
 * A configuration that cannot be used: a value of the wrong type, out of range, or inconsistent
 * with another key. The message always names the offending key, because it is what an operator
 * sees when start-up stops.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String name;

    /** An invalid value of one key, worded like Kafka's own message. */
    public ConfigException(String name, Object value, String reason) {
        super("Invalid value " + value + " for configuration " + name + ": " + reason);
        this.name = name;
    }

    /** A rule spanning keys; {@code name} is the key the operator should change. */
    public ConfigException(String name, String message) {
        super(message);
        this.name = name;
    }

    /** The key this exception is about. */
    public String name() {
        return name;
    }
}
