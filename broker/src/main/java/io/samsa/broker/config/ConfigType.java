package io.samsa.broker.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The value types of broker configs, with the ids Kafka's DescribeConfigs response uses for its
 * {@code ConfigType} field (v3+), so a handler can copy {@link #id()} straight onto the wire.
 * Parsing follows Kafka's {@code ConfigDef}: surrounding whitespace is trimmed, booleans are
 * {@code true}/{@code false} in any case, lists are comma-separated with whitespace around items
 * ignored and an empty string meaning the empty list.
 */
public enum ConfigType {
    BOOLEAN(1),
    STRING(2),
    INT(3),
    SHORT(4),
    LONG(5),
    DOUBLE(6),
    LIST(7);

    private final byte id;

    ConfigType(int id) {
        this.id = (byte) id;
    }

    /** Kafka's DescribeConfigs {@code ConfigType} id. */
    public byte id() {
        return id;
    }

    /**
     * Parses a raw property value into this type's Java value ({@code Boolean}, {@code String},
     * {@code Integer}, {@code Short}, {@code Long}, {@code Double} or an unmodifiable
     * {@code List<String>}).
     *
     * @throws IllegalArgumentException with a reason fit for a {@link ConfigException}
     */
    public Object parse(String raw) {
        String value = raw.trim();
        try {
            return switch (this) {
                case BOOLEAN -> parseBoolean(value);
                case STRING -> value;
                case INT -> Integer.parseInt(value);
                case SHORT -> Short.parseShort(value);
                case LONG -> Long.parseLong(value);
                case DOUBLE -> Double.parseDouble(value);
                case LIST -> parseList(value);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of type " + name());
        }
    }

    /** Formats a parsed value as DescribeConfigs reports it ({@code null} stays {@code null}). */
    public String format(Object value) {
        if (value == null) {
            return null;
        }
        if (this == LIST) {
            @SuppressWarnings("unchecked")
            List<String> items = (List<String>) value;
            return String.join(",", items);
        }
        return String.valueOf(value);
    }

    private static Boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    private static List<String> parseList(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("the list has an empty item");
            }
            items.add(trimmed);
        }
        return Collections.unmodifiableList(items);
    }
}
