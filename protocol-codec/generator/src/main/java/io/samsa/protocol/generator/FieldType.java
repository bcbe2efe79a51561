package io.samsa.protocol.generator;

/**
 * A field's type as written in a spec: a primitive, "records", a struct name, or "[]" + one of those.
 */
record FieldType(String name, boolean isArray, FieldType element) {

    static FieldType parse(String text) {
        if (text.startsWith("[]")) {
            FieldType element = parse(text.substring(2));
            if (element.isArray) {
                throw new IllegalArgumentException("nested arrays are not supported: " + text);
            }
            return new FieldType(text, true, element);
        }
        return new FieldType(text, false, null);
    }

    boolean isStruct() {
        return !isArray && !isPrimitive();
    }

    boolean isStructArray() {
        return isArray && element.isStruct();
    }

    boolean isPrimitive() {
        return switch (name) {
            case "bool", "int8", "int16", "uint16", "int32", "int64", "float64", "uuid", "string", "bytes", "records" -> true;
            default -> false;
        };
    }

    boolean isString() {
        return name.equals("string");
    }

    boolean isBytes() {
        return name.equals("bytes");
    }

    boolean isRecords() {
        return name.equals("records");
    }

    /** Types whose value may be null in some versions. */
    boolean canBeNullable() {
        return isArray || isString() || isBytes() || isRecords() || isStruct();
    }

    /** Width on the wire of fixed-size types, or -1. */
    int fixedSize() {
        return switch (name) {
            case "bool", "int8" -> 1;
            case "int16", "uint16" -> 2;
            case "int32" -> 4;
            case "int64", "float64" -> 8;
            case "uuid" -> 16;
            default -> -1;
        };
    }

    String javaType() {
        if (isArray) {
            return "java.util.List<" + element.boxedJavaType() + ">";
        }
        return switch (name) {
            case "bool" -> "boolean";
            case "int8" -> "byte";
            case "int16" -> "short";
            case "uint16", "int32" -> "int";
            case "int64" -> "long";
            case "float64" -> "double";
            case "uuid" -> "java.util.UUID";
            case "string" -> "String";
            case "bytes" -> "byte[]";
            case "records" -> "io.netty.buffer.ByteBuf";
            default -> name;
        };
    }

    String boxedJavaType() {
        return switch (name) {
            case "bool" -> "Boolean";
            case "int8" -> "Byte";
            case "int16" -> "Short";
            case "uint16", "int32" -> "Integer";
            case "int64" -> "Long";
            case "float64" -> "Double";
            default -> javaType();
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
