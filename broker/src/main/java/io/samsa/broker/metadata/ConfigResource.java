package io.samsa.broker.metadata;

import java.util.Objects;

/**
 * Something that has configs: a topic (by name) or a broker (by id; the empty name is the cluster-wide default, as in
 * Kafka's DescribeConfigs/AlterConfigs).
 */
public record ConfigResource(Type type, String name) implements Comparable<ConfigResource> {

    /** Resource types with Kafka's wire codes. */
    public enum Type {
        TOPIC((byte) 2), BROKER((byte) 4);

        private final byte code;

        Type(byte code) {
            this.code = code;
        }

        public byte code() {
            return code;
        }

        public static Type forCode(byte code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown config resource type " + code);
        }
    }

    public ConfigResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    public static ConfigResource topic(String name) {
        return new ConfigResource(Type.TOPIC, name);
    }

    public static ConfigResource broker(int brokerId) {
        return new ConfigResource(Type.BROKER, Integer.toString(brokerId));
    }

    public static ConfigResource clusterDefault() {
        return new ConfigResource(Type.BROKER, "");
    }

    @Override
    public int compareTo(ConfigResource o) {
        int byType = Byte.compare(type.code, o.type.code);
        return byType != 0 ? byType : name.compareTo(o.name);
    }
}
