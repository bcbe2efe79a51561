package io.samsa.protocol.message;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;

/**
 * Fills kafka-clients' own generated {@code *Data} objects with random values at one version,
 * following the spec: only fields the version has, nulls only where it allows them, tagged fields
 * sometimes set and sometimes left at their default, and sometimes unknown tagged fields.
 */
final class KafkaMessageRandomizer {
    private static final String ALPHABET = "abcdefXYZ0123-_.é字";
    private static final int UNKNOWN_TAG_BASE = 1000;

    private final Random random;
    private final SpecFile spec;
    private final Class<?> outer;
    private final short version;

    KafkaMessageRandomizer(Random random, SpecFile spec, Class<?> outer, short version) {
        this.random = random;
        this.spec = spec;
        this.outer = outer;
        this.version = version;
    }

    Object newMessage() throws ReflectiveOperationException {
        Object message = outer.getDeclaredConstructor().newInstance();
        fill(message, spec.root().get("fields"), 0);
        return message;
    }

    private void fill(Object target, JsonNode fields, int depth) throws ReflectiveOperationException {
        for (JsonNode field : fields) {
            if (!SpecFile.in(field.get("versions").asText(), version)) {
                continue;
            }
            boolean tagged = SpecFile.in(text(field, "taggedVersions"), version);
            if (tagged && random.nextBoolean()) {
                continue;
            }
            boolean nullable = SpecFile.in(text(field, "nullableVersions"), version);
            Method setter = setter(target.getClass(), field.get("name").asText());
            Object value = value(field.get("type").asText(), setter.getParameterTypes()[0], nullable, depth);
            setter.invoke(target, value);
        }
        if (spec.flexible(version) && random.nextInt(4) == 0) {
            @SuppressWarnings("unchecked")
            List<RawTaggedField> unknown = (List<RawTaggedField>) target.getClass().getMethod("unknownTaggedFields").invoke(target);
            int tag = UNKNOWN_TAG_BASE + random.nextInt(10);
            for (int i = random.nextInt(2); i >= 0; i--) {
                unknown.add(new RawTaggedField(tag, bytes(random.nextInt(6))));
                tag += 1 + random.nextInt(300);
            }
        }
    }

    private Object value(String type, Class<?> javaType, boolean nullable, int depth)
            throws ReflectiveOperationException {
        if (nullable && random.nextInt(5) == 0) {
            return null;
        }
        if (type.startsWith("[]")) {
            String element = type.substring(2);
            @SuppressWarnings("unchecked")
            Collection<Object> collection = javaType.isInterface()
                    ? new ArrayList<>()
                    : (Collection<Object>) javaType.getDeclaredConstructor().newInstance();
            int n = random.nextInt(depth > 2 ? 2 : 4);
            for (int i = 0; i < n; i++) {
                collection.add(element(element, depth));
            }
            return collection;
        }
        return switch (type) {
            case "bool" -> random.nextBoolean();
            case "int8" -> (byte) random.nextInt();
            case "int16" -> (short) random.nextInt();
            case "uint16" -> random.nextInt(65536);
            case "int32" -> random.nextInt();
            case "int64" -> random.nextLong();
            case "float64" -> random.nextDouble() * 1e6 - 5e5;
            case "uuid" -> new Uuid(random.nextLong(), random.nextLong());
            case "string" -> string();
            case "bytes" -> javaType == ByteBuffer.class ? ByteBuffer.wrap(bytes(random.nextInt(20))) : bytes(random.nextInt(20));
            case "records" -> MemoryRecords.readableRecords(ByteBuffer.wrap(bytes(random.nextInt(64))));
            default -> struct(type, depth);
        };
    }

    private Object element(String type, int depth) throws ReflectiveOperationException {
        return switch (type) {
            case "bool", "int8", "int16", "uint16", "int32", "int64", "float64", "uuid", "string", "bytes" ->
                    value(type, type.equals("bytes") ? byte[].class : Object.class, false, depth);
            default -> struct(type, depth);
        };
    }

    private Object struct(String name, int depth) throws ReflectiveOperationException {
        Class<?> type = Class.forName(outer.getName() + "$" + name);
        Object struct = type.getDeclaredConstructor().newInstance();
        JsonNode spec = this.spec.structs().get(name);
        if (spec == null) {
            throw new IllegalStateException("no struct " + name + " in " + this.spec.name());
        }
        fill(struct, spec.get("fields"), depth + 1);
        return struct;
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Method setter(Class<?> type, String fieldName) {
        String name = "set" + Character.toUpperCase(fieldName.charAt(0)) + fieldName.substring(1);
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                return m;
            }
        }
        throw new IllegalStateException("no setter " + name + " on " + type.getName());
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null ? null : v.asText();
    }
}
