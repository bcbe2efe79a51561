package io.samsa.broker.log;

/**
 * A log config value that is unknown, malformed or out of range. Thrown while parsing config at
 * start-up or when a topic is created or altered; the message names the key, and {@link #key()}
 * lets a handler answer {@code INVALID_CONFIG} for it.
 */
public final class LogConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public LogConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The config key (topic- or broker-level) whose value was rejected. */
    public String key() {
        return key;
    }
}
