package io.samsa.protocol.generator;

import java.util.List;

/** A struct: the top level of a message, an inline struct field, or a common struct. */
record StructSpec(String name, Versions versions, List<FieldSpec> fields) {
    boolean hasTaggedFields() {
        return fields.stream().anyMatch(FieldSpec::isTaggedSomewhere);
    }
}
