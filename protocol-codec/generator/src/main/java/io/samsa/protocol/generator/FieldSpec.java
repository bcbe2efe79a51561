package io.samsa.protocol.generator;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

/** One field of a message spec, with the Java names and expressions the generator derives from it. */
record FieldSpec(
        String name,
        FieldType type,
        Versions versions,
        Versions nullableVersions,
        Versions taggedVersions,
        Integer tag,
        boolean ignorable,
        String defaultText,
        Versions flexibleVersions,
        String about,
        List<FieldSpec> fields) {

    static FieldSpec parse(JsonNode node) {
        String name = node.get("name").asText();
        Versions versions = Versions.parse(text(node, "versions"), null);
        if (versions == null) {
            throw new IllegalArgumentException("field " + name + " has no versions");
        }
        FieldType type = FieldType.parse(node.get("type").asText());
        Versions nullable = Versions.parse(text(node, "nullableVersions"), Versions.NONE);
        if (!nullable.isEmpty() && !type.canBeNullable()) {
            throw new IllegalArgumentException("field " + name + " of type " + type + " cannot be nullable");
        }
        JsonNode tagNode = node.get("tag");
        Versions tagged = Versions.parse(text(node, "taggedVersions"), Versions.NONE);
        if ((tagNode == null) != tagged.isEmpty()) {
            throw new IllegalArgumentException("field " + name + " needs both tag and taggedVersions");
        }
        List<FieldSpec> children = node.has("fields") ? MessageSpec.parseFields(node.get("fields")) : List.of();
        return new FieldSpec(name, type, versions, nullable, tagged,
                tagNode == null ? null : tagNode.asInt(),
                node.path("ignorable").asBoolean(false),
                node.has("default") ? node.get("default").asText() : "",
                Versions.parse(text(node, "flexibleVersions"), null),
                text(node, "about"),
                children);
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null ? null : value.asText();
    }

    /** The struct type this field holds (itself or as array elements), or null. */
    String structName() {
        if (type.isStruct()) {
            return type.name();
        }
        return type.isStructArray() ? type.element().name() : null;
    }

    String camelName() {
        String camel = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        return JavaNames.isReserved(camel) ? camel + "_" : camel;
    }

    String capitalName() {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    boolean isTaggedSomewhere() {
        return !taggedVersions.isEmpty();
    }

    boolean defaultIsNull() {
        return defaultText.equals("null");
    }

    /** The Java expression of this field's default value. */
    String defaultExpression() {
        if (defaultIsNull()) {
            if (!type.canBeNullable() || !nullableVersions.contains(versions)) {
                throw new IllegalArgumentException("null cannot be the default of " + name);
            }
            return "null";
        }
        if (type.isArray()) {
            requireEmptyDefault();
            return "new java.util.ArrayList<>(0)";
        }
        if (type.isStruct()) {
            requireEmptyDefault();
            return "new " + type.name() + "()";
        }
        String d = defaultText;
        return switch (type.name()) {
            case "bool" -> d.isEmpty() ? "false" : Boolean.toString(Boolean.parseBoolean(d));
            case "int8" -> "(byte) " + integer(d, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case "int16" -> "(short) " + integer(d, Short.MIN_VALUE, Short.MAX_VALUE);
            case "uint16" -> "" + integer(d, 0, 65535);
            case "int32" -> "" + integer(d, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "int64" -> integer(d, Long.MIN_VALUE, Long.MAX_VALUE) + "L";
            case "float64" -> d.isEmpty() ? "0.0" : Double.toString(Double.parseDouble(d));
            case "uuid" -> uuidDefault(d);
            case "string" -> JavaNames.stringLiteral(d);
            case "bytes" -> {
                requireEmptyDefault();
                yield "io.samsa.protocol.wire.Wire.EMPTY_BYTES";
            }
            case "records" -> "null";
            default -> throw new IllegalArgumentException("unsupported type " + type);
        };
    }

    private void requireEmptyDefault() {
        if (!defaultText.isEmpty()) {
            throw new IllegalArgumentException("only an empty or null default is valid for " + name);
        }
    }

    private long integer(String text, long min, long max) {
        if (text.isEmpty()) {
            return 0;
        }
        long value = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16)
                : text.startsWith("-0x") ? -Long.parseLong(text.substring(3), 16) : Long.parseLong(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException("default of " + name + " is out of range: " + text);
        }
        return value;
    }

    private static String uuidDefault(String text) {
        if (text.isEmpty()) {
            return "io.samsa.protocol.wire.Wire.ZERO_UUID";
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(text));
        return "new java.util.UUID(" + bytes.getLong() + "L, " + bytes.getLong() + "L)";
    }

    /**
     * A Java condition that is true when {@code value} differs from the default; {@code nullAware}
     * says whether the value may be null where the check runs.
     */
    String nonDefaultCondition(String value, boolean nullAware) {
        String def = defaultExpression();
        if (defaultIsNull()) {
            return value + " != null";
        }
        if (type.isArray()) {
            return (nullAware ? value + " == null || " : "") + "!" + value + ".isEmpty()";
        }
        if (type.isBytes()) {
            return (nullAware ? value + " == null || " : "") + value + ".length != 0";
        }
        if (type.isRecords()) {
            return value + " != null";
        }
        if (type.isString() || type.isStruct() || type.name().equals("uuid")) {
            return (nullAware ? value + " == null || " : "") + "!" + value + ".equals(" + def + ")";
        }
        if (type.name().equals("bool")) {
            return def.equals("true") ? "!" + value : value;
        }
        return value + " != " + def;
    }
}
