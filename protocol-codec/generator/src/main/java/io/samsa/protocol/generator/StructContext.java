package io.samsa.protocol.generator;

/**
 * What the emitters need to know about the struct whose class they are writing: its fields, the
 * versions it is valid in (every generated condition is relative to these), and the message's
 * flexible versions.
 */
record StructContext(String className, StructSpec struct, Versions valid, Versions flexible) {

    /** A condition on {@code version} for the given range, relative to this struct's versions. */
    String when(Versions versions) {
        return versions.condition("version", valid);
    }

    /** The expression telling whether the field's lengths use compact (flexible) encoding. */
    String flexibleOf(FieldSpec field) {
        if (field.flexibleVersions() != null) {
            return when(field.flexibleVersions());
        }
        return everFlexible() ? "flexible" : "false";
    }

    String flexibleCondition() {
        return when(flexible);
    }

    boolean everFlexible() {
        return !flexible.intersect(valid).isEmpty();
    }

    Versions present(FieldSpec field) {
        return field.versions().intersect(valid);
    }

    Versions tagged(FieldSpec field) {
        return field.taggedVersions().intersect(present(field));
    }

    Versions mandatory(FieldSpec field) {
        return present(field).minusSuffix(field.taggedVersions());
    }
}
