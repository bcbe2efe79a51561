package io.samsa.protocol.generator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A whole spec file: a request, a response, a header or a data schema. */
record MessageSpec(
        String name,
        String type,
        Integer apiKey,
        Versions validVersions,
        Versions flexibleVersions,
        List<String> listeners,
        boolean latestVersionUnstable,
        List<FieldSpec> fields,
        List<StructSpec> commonStructs) {

    static MessageSpec parse(JsonNode root) {
        List<String> listeners = new ArrayList<>();
        root.path("listeners").forEach(n -> listeners.add(n.asText()));
        List<StructSpec> common = new ArrayList<>();
        root.path("commonStructs").forEach(n -> common.add(new StructSpec(
                n.get("name").asText(), Versions.parse(n.get("versions").asText(), null), parseFields(n.get("fields")))));
        return new MessageSpec(
                root.get("name").asText(),
                root.get("type").asText(),
                root.has("apiKey") ? root.get("apiKey").asInt() : null,
                Versions.parse(root.get("validVersions").asText(), null),
                Versions.parse(root.path("flexibleVersions").asText("none"), Versions.NONE),
                listeners,
                root.path("latestVersionUnstable").asBoolean(false),
                parseFields(root.get("fields")),
                common);
    }

    static List<FieldSpec> parseFields(JsonNode array) {
        List<FieldSpec> fields = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> fields.add(FieldSpec.parse(n)));
        }
        return fields;
    }

    boolean isApi() {
        return apiKey != null && (type.equals("request") || type.equals("response"));
    }

    /** The top-level struct: the message's own fields over its valid versions. */
    StructSpec struct() {
        return new StructSpec(name, validVersions, fields);
    }

    /** Every struct this message declares, inline or common, by name, in declaration order. */
    Map<String, StructSpec> structs() {
        Map<String, StructSpec> structs = new LinkedHashMap<>();
        for (StructSpec common : commonStructs) {
            structs.put(common.name(), common);
        }
        collect(fields, structs);
        for (StructSpec common : commonStructs) {
            collect(common.fields(), structs);
        }
        return structs;
    }

    private static void collect(List<FieldSpec> fields, Map<String, StructSpec> into) {
        for (FieldSpec field : fields) {
            String struct = field.structName();
            if (struct != null && !field.fields().isEmpty()) {
                if (into.put(struct, new StructSpec(struct, field.versions(), field.fields())) != null) {
                    throw new IllegalArgumentException("struct " + struct + " is declared twice");
                }
                collect(field.fields(), into);
            }
        }
    }

    /** Whether a struct of this message is one of its commonStructs (validated over its own versions). */
    boolean isCommon(String struct) {
        return commonStructs.stream().anyMatch(s -> s.name().equals(struct));
    }
}
