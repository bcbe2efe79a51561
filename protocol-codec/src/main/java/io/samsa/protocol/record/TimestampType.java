package io.samsa.protocol.record;

/**
 * Whose clock a batch's timestamps come from: the producer's ({@code CreateTime}) or the broker's at
 * append ({@code LogAppendTime}, topic config {@code message.timestamp.type}). Bit 3 of a batch's
 * attributes.
 */
public enum TimestampType {
    CREATE_TIME("CreateTime"),
    LOG_APPEND_TIME("LogAppendTime");

    private final String configName;

    TimestampType(String configName) {
        this.configName = configName;
    }

    /** The value of Kafka's {@code message.timestamp.type} config. */
    public String configName() {
        return configName;
    }

    /** Parses a {@code message.timestamp.type} value; fails naming the value if it is not one. */
    public static TimestampType forConfigName(String name) {
        for (TimestampType type : values()) {
            if (type.configName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown timestamp type: " + name);
    }
}
