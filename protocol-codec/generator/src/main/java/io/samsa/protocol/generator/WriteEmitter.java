package io.samsa.protocol.generator;

import java.util.Comparator;
import java.util.List;

/**
 * Emits a struct's {@code write(ByteBuf, short)} and {@code size(short)}, which mirror each other
 * field by field: the same conditions decide what is written and what is counted.
 */
final class WriteEmitter {
    private static final String W = "io.samsa.protocol.wire.Wire.";
    private final CodeBuffer out;
    private final StructContext ctx;

    WriteEmitter(CodeBuffer out, StructContext ctx) {
        this.out = out;
        this.ctx = ctx;
    }

    void emitWrite() {
        out.line("@Override");
        out.open("public void write(io.netty.buffer.ByteBuf buf, short version) {");
        emitPrologue("write");
        for (FieldSpec field : ctx.struct().fields()) {
            emitField(field, true);
        }
        emitTaggedSection(true);
        out.close();
    }

    void emitSize() {
        out.line("@Override");
        out.open("public int size(short version) {");
        emitPrologue("size");
        out.line("int _size = 0;");
        for (FieldSpec field : ctx.struct().fields()) {
            emitField(field, false);
        }
        emitTaggedSection(false);
        out.line("return _size;");
        out.close();
    }

    private void emitPrologue(String verb) {
        out.open("if (!(%s)) {", ctx.valid().condition("version", Versions.ALL_SHORTS));
        out.line("throw new io.samsa.protocol.UnsupportedVersionException(\"Can't %s version \" + version + \" of %s\");",
                verb, ctx.className());
        out.close();
        if (ctx.everFlexible()) {
            out.line("final boolean flexible = %s;", ctx.flexibleCondition());
        }
    }

    private void emitField(FieldSpec field, boolean write) {
        String value = "this." + field.camelName();
        String mandatory = ctx.when(ctx.mandatory(field));
        String present = ctx.when(ctx.present(field));
        boolean checkAbsent = write && !field.ignorable() && !present.equals("true");
        if (mandatory.equals("false") && !checkAbsent) {
            return;
        }
        boolean opened = false;
        if (!mandatory.equals("false")) {
            if (!mandatory.equals("true")) {
                out.open("if (%s) {", mandatory);
                opened = true;
            }
            if (write) {
                emitWriteValue(field, value, ctx.mandatory(field), ctx.flexibleOf(field));
            } else {
                emitSizeValue(field, value, ctx.mandatory(field), ctx.flexibleOf(field), "_size");
            }
        }
        if (checkAbsent) {
            String absent = present.equals("false") ? "" : "!(" + present + ") && ";
            String check = "if (" + absent + "(" + field.nonDefaultCondition(value, !field.nullableVersions().isEmpty()) + ")) {";
            if (opened) {
                out.reopen("} else " + check);
            } else {
                out.open(check);
                opened = true;
            }
            out.line("throw new io.samsa.protocol.UnsupportedVersionException(\"Attempted to write a non-default %s at version \" + version);",
                    field.camelName());
        }
        if (opened) {
            out.close();
        }
    }

    private void emitWriteValue(FieldSpec field, String value, Versions versions, String flex) {
        FieldType type = field.type();
        String nullable = field.nullableVersions().condition("version", versions);
        if (type.isArray()) {
            out.open("if (%s == null) {", value);
            if (failUnlessNullable(nullable, field)) {
                out.line(W + "writeArrayLength(buf, -1, %s);", flex);
            }
            out.reopen("} else {");
            out.line(W + "writeArrayLength(buf, %s.size(), %s);", value, flex);
            out.open("for (%s _e : %s) {", type.element().boxedJavaType(), value);
            out.line(scalarWrite(type.element(), "_e", flex));
            out.close();
            out.close();
        } else if (type.isStruct()) {
            if (!nullable.equals("false")) {
                out.open("if (%s) {", nullable);
                out.open("if (%s == null) {", value);
                out.line("buf.writeByte(-1);");
                out.reopen("} else {");
                out.line("buf.writeByte(1);");
                out.line("%s.write(buf, version);", value);
                out.close();
                out.reopen("} else {");
                out.line("%s.write(buf, version);", value);
                out.close();
            } else {
                out.line("%s.write(buf, version);", value);
            }
        } else {
            if (type.canBeNullable() && !nullable.equals("true")) {
                out.open("if (%s == null) {", value);
                failUnlessNullable(nullable, field);
                out.close();
            }
            out.line(scalarWrite(type, value, flex));
        }
    }

    /** Emits the throw for a null where the version does not allow one; false if it always throws. */
    private boolean failUnlessNullable(String nullable, FieldSpec field) {
        if (nullable.equals("true")) {
            return true;
        }
        String guard = nullable.equals("false") ? "" : "if (!(" + nullable + ")) ";
        out.line("%sthrow new NullPointerException(\"non-nullable field %s is null at version \" + version);",
                guard, field.name());
        return !nullable.equals("false");
    }

    private void emitSizeValue(FieldSpec field, String value, Versions versions, String flex, String acc) {
        FieldType type = field.type();
        String nullable = field.nullableVersions().condition("version", versions);
        if (type.isArray()) {
            out.open("if (%s == null) {", value);
            out.line("%s += " + W + "sizeOfArrayLength(-1, %s);", acc, flex);
            out.reopen("} else {");
            out.line("%s += " + W + "sizeOfArrayLength(%s.size(), %s);", acc, value, flex);
            FieldType element = type.element();
            if (element.fixedSize() > 0) {
                out.line("%s += %d * %s.size();", acc, element.fixedSize(), value);
            } else {
                out.open("for (%s _e : %s) {", element.boxedJavaType(), value);
                out.line("%s += %s;", acc, scalarSize(element, "_e", flex));
                out.close();
            }
            out.close();
        } else if (type.isStruct() && !nullable.equals("false")) {
            out.open("if (%s) {", nullable);
            out.line("%s += 1 + (%s == null ? 0 : %s.size(version));", acc, value, value);
            out.reopen("} else {");
            out.line("%s += %s.size(version);", acc, value);
            out.close();
        } else {
            out.line("%s += %s;", acc, scalarSize(type, value, flex));
        }
    }

    static String scalarWrite(FieldType type, String value, String flex) {
        return switch (type.name()) {
            case "bool" -> "buf.writeByte(" + value + " ? 1 : 0);";
            case "int8" -> "buf.writeByte(" + value + ");";
            case "int16", "uint16" -> "buf.writeShort(" + value + ");";
            case "int32" -> "buf.writeInt(" + value + ");";
            case "int64" -> "buf.writeLong(" + value + ");";
            case "float64" -> "buf.writeDouble(" + value + ");";
            case "uuid" -> W + "writeUuid(buf, " + value + ");";
            case "string" -> W + "writeString(buf, " + value + ", " + flex + ");";
            case "bytes" -> W + "writeBytes(buf, " + value + ", " + flex + ");";
            case "records" -> W + "writeRecords(buf, " + value + ", " + flex + ");";
            default -> value + ".write(buf, version);";
        };
    }

    static String scalarSize(FieldType type, String value, String flex) {
        if (type.fixedSize() > 0) {
            return Integer.toString(type.fixedSize());
        }
        return switch (type.name()) {
            case "string" -> W + "sizeOfString(" + value + ", " + flex + ")";
            case "bytes" -> W + "sizeOfBytes(" + value + ", " + flex + ")";
            case "records" -> W + "sizeOfRecords(" + value + ", " + flex + ")";
            default -> value + ".size(version)";
        };
    }

    // ---- tagged fields ---------------------------------------------------------------------

    private List<FieldSpec> taggedFields() {
        return ctx.struct().fields().stream()
                .filter(f -> !ctx.tagged(f).isEmpty())
                .sorted(Comparator.comparingInt(FieldSpec::tag))
                .toList();
    }

    /** The condition under which a tagged field is written: present as tagged and not its default. */
    private String taggedCondition(FieldSpec field) {
        String when = ctx.tagged(field).condition("version", ctx.flexible().intersect(ctx.valid()));
        String value = "this." + field.camelName();
        String nonDefault = field.nonDefaultCondition(value, !field.nullableVersions().isEmpty());
        return when.equals("true") ? "(" + nonDefault + ")" : when + " && (" + nonDefault + ")";
    }

    private void emitTaggedSection(boolean write) {
        List<FieldSpec> tagged = taggedFields();
        if (!ctx.everFlexible()) {
            if (write) {
                out.open("if (this.unknownTaggedFields != null && !this.unknownTaggedFields.isEmpty()) {");
                out.line("throw new io.samsa.protocol.UnsupportedVersionException(\"Tagged fields were set, but version \" + version + \" of %s does not support them.\");",
                        ctx.className());
                out.close();
            }
            return;
        }
        if (write) {
            out.line("int _numTaggedFields = this.unknownTaggedFields == null ? 0 : this.unknownTaggedFields.size();");
            for (FieldSpec field : tagged) {
                out.line("if (%s) _numTaggedFields++;", taggedCondition(field));
            }
            out.open("if (flexible) {");
            out.line(W + "writeUnsignedVarint(buf, _numTaggedFields);");
            out.line("int _raw = 0;");
            for (FieldSpec field : tagged) {
                out.line("_raw = " + W + "writeRawTaggedFields(buf, this.unknownTaggedFields, _raw, %d);", field.tag());
                out.open("if (%s) {", taggedCondition(field));
                emitTaggedValue(field, true);
                out.close();
            }
            out.line(W + "writeRawTaggedFields(buf, this.unknownTaggedFields, _raw, Integer.MAX_VALUE);");
            out.reopen("} else if (_numTaggedFields > 0) {");
            out.line("throw new io.samsa.protocol.UnsupportedVersionException(\"Tagged fields were set, but version \" + version + \" of %s does not support them.\");",
                    ctx.className());
            out.close();
        } else {
            out.open("if (flexible) {");
            out.line("int _numTaggedFields = this.unknownTaggedFields == null ? 0 : this.unknownTaggedFields.size();");
            out.line("_size += " + W + "sizeOfRawTaggedFields(this.unknownTaggedFields);");
            for (FieldSpec field : tagged) {
                out.open("if (%s) {", taggedCondition(field));
                out.line("_numTaggedFields++;");
                emitTaggedValue(field, false);
                out.close();
            }
            out.line("_size += " + W + "sizeOfUnsignedVarint(_numTaggedFields);");
            out.close();
        }
    }

    /** A tagged field: tag, payload size, payload (always in compact encoding). */
    private void emitTaggedValue(FieldSpec field, boolean write) {
        String value = "this." + field.camelName();
        Versions versions = ctx.tagged(field);
        String nullable = field.nullableVersions().condition("version", versions);
        boolean mayBeNull = !nullable.equals("false") && !field.defaultIsNull();
        if (mayBeNull) {
            out.open("if (%s == null) {", value);
            if (write) {
                out.line(W + "writeUnsignedVarint(buf, %d);", field.tag());
                out.line(W + "writeUnsignedVarint(buf, 1);");
                out.line(W + "writeUnsignedVarint(buf, 0);");
            } else {
                out.line("_size += " + W + "sizeOfUnsignedVarint(%d) + 2;", field.tag());
            }
            out.reopen("} else {");
        }
        out.line("int _payload = 0;");
        boolean nullableStruct = field.type().isStruct() && !nullable.equals("false");
        if (nullableStruct) {
            out.line("_payload += 1 + %s.size(version);", value);
        } else {
            emitSizeValue(withoutNulls(field), value, versions, "true", "_payload");
        }
        if (write) {
            out.line(W + "writeUnsignedVarint(buf, %d);", field.tag());
            out.line(W + "writeUnsignedVarint(buf, _payload);");
            if (nullableStruct) {
                out.line(W + "writeUnsignedVarint(buf, 1);");
                out.line("%s.write(buf, version);", value);
            } else {
                emitWriteValue(withoutNulls(field), value, versions, "true");
            }
        } else {
            out.line("_size += " + W + "sizeOfUnsignedVarint(%d) + " + W + "sizeOfUnsignedVarint(_payload) + _payload;",
                    field.tag());
        }
        if (mayBeNull) {
            out.close();
        }
    }

    /** The same field with no nullable versions: nulls were handled before its value is written. */
    private static FieldSpec withoutNulls(FieldSpec f) {
        if (f.defaultIsNull()) {
            return f;
        }
        return new FieldSpec(f.name(), f.type(), f.versions(), Versions.NONE, f.taggedVersions(), f.tag(),
                f.ignorable(), f.defaultText(), f.flexibleVersions(), f.about(), f.fields());
    }
}
