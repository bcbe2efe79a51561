package io.samsa.broker.metadata;

import java.util.Optional;

/** Kafka's rules for topic names (its {@code Topic.validate} and collision check), with Kafka 4.4's messages. */
public final class TopicNames {

    static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /** Why {@code name} is not a legal topic name, or empty when it is. */
    public static Optional<String> invalidReason(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("Topic name is invalid: the empty string is not allowed");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("Topic name is invalid: '" + name + "' is not allowed");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("Topic name is invalid: the length of '" + name + "' is longer than the max allowed "
                    + "length " + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return Optional.of("Topic name is invalid: '" + name + "' contains one or more characters other "
                        + "than ASCII alphanumerics, '.', '_' and '-'");
            }
        }
        return Optional.empty();
    }

    /** Kafka refuses topics whose names differ only in '.' versus '_', because their metric names would clash. */
    static boolean collide(String a, String b) {
        return !a.equals(b) && a.replace('.', '_').equals(b.replace('.', '_'));
    }

    static boolean hasCollisionChars(String name) {
        return name.indexOf('.') >= 0 || name.indexOf('_') >= 0;
    }
}
