package io.samsa.protocol.generator;

import java.util.Set;

/** Java naming helpers: reserved words, literals and Javadoc-safe text. */
final class JavaNames {
    private static final Set<String> RESERVED = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "record", "var", "yield",
            // Names of the generated methods themselves.
            "read", "write", "size", "equals", "hashCode", "toString", "unknownTaggedFields",
            "lowestSupportedVersion", "highestSupportedVersion");

    private JavaNames() {
    }

    static boolean isReserved(String name) {
        return RESERVED.contains(name);
    }

    static String stringLiteral(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** Text safe inside a Javadoc comment. */
    static String doc(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("*/", "*&#47;").replace("@", "{@literal @}").replace("\n", " ");
    }

    /** "DescribeTopicPartitions" → "DESCRIBE_TOPIC_PARTITIONS". */
    static String upperSnake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
                sb.append('_');
            }
            sb.append(Character.toUpperCase(c));
        }
        return sb.toString();
    }
}
