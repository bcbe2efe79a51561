package io.samsa.protocol.generator;

import java.util.Comparator;
import java.util.List;

/** Emits a struct's {@code read(ByteBuf, short)}: fields in order, then its tagged-field section. */
final class ReadEmitter {
    private final CodeBuffer out;
    private final StructContext ctx;

    ReadEmitter(CodeBuffer out, StructContext ctx) {
        this.out = out;
        this.ctx = ctx;
    }

    void emit() {
        out.line("@Override");
        out.open("public void read(io.netty.buffer.ByteBuf buf, short version) {");
        out.open("if (!(%s)) {", ctx.valid().condition("version", Versions.ALL_SHORTS));
        out.line("throw new io.samsa.protocol.UnsupportedVersionException(\"Can't read version \" + version + \" of %s\");",
                ctx.className());
        out.close();
        if (ctx.everFlexible()) {
            out.line("final boolean flexible = %s;", ctx.flexibleCondition());
        }
        for (FieldSpec field : ctx.struct().fields()) {
            emitField(field);
        }
        out.line("this.unknownTaggedFields = null;");
        if (ctx.everFlexible()) {
            emitTaggedSection();
        }
        out.close();
    }

    private void emitField(FieldSpec field) {
        Versions mandatory = ctx.mandatory(field);
        String target = "this." + field.camelName();
        String cond = ctx.when(mandatory);
        if (cond.equals("false")) {
            out.line("%s = %s;", target, field.defaultExpression());
            return;
        }
        boolean conditional = !cond.equals("true");
        if (conditional) {
            out.open("if (%s) {", cond);
        }
        emitValue(field, target, mandatory, ctx.flexibleOf(field), false);
        if (conditional) {
            out.reopen("} else {");
            out.line("%s = %s;", target, field.defaultExpression());
            out.close();
        }
    }

    /** Reads one value of {@code field} into {@code target}, for the given versions. */
    private void emitValue(FieldSpec field, String target, Versions versions, String flex, boolean tagged) {
        FieldType type = field.type();
        String nullable = field.nullableVersions().condition("version", versions.intersect(ctx.valid()));
        String name = field.name();
        if (type.isArray()) {
            out.open("{");
            out.line("int _n = io.samsa.protocol.wire.Wire.readArrayLength(buf, %s);", flex);
            out.open("if (_n < 0) {");
            nullOrFail(target, nullable, name);
            out.reopen("} else {");
            FieldType element = type.element();
            out.line("java.util.ArrayList<%s> _list = new java.util.ArrayList<>(_n);", element.boxedJavaType());
            out.open("for (int _i = 0; _i < _n; _i++) {");
            if (element.isStruct()) {
                out.line("%s _e = new %s();", element.name(), element.name());
                out.line("_e.read(buf, version);");
                out.line("_list.add(_e);");
            } else if (element.isString() || element.isBytes()) {
                out.line("%s _e = %s;", element.javaType(), scalarRead(element, flex));
                out.open("if (_e == null) {");
                out.line("throw new io.samsa.protocol.MalformedMessageException(\"null element in %s\");", name);
                out.close();
                out.line("_list.add(_e);");
            } else {
                out.line("_list.add(%s);", scalarRead(element, flex));
            }
            out.close();
            out.line("%s = _list;", target);
            out.close();
            out.close();
        } else if (type.isStruct()) {
            String presence = tagged ? "io.samsa.protocol.wire.Wire.readUnsignedVarint(buf) <= 0"
                    : "io.samsa.protocol.wire.Wire.readInt8(buf) < 0";
            if (!nullable.equals("false")) {
                out.open("if (%s && %s) {", nullable, presence);
                out.line("%s = null;", target);
                out.reopen("} else {");
            }
            out.line("%s = new %s();", target, type.name());
            out.line("%s.read(buf, version);", target);
            if (!nullable.equals("false")) {
                out.close();
            }
        } else {
            out.line("%s = %s;", target, scalarRead(type, flex));
            if (type.canBeNullable() && !nullable.equals("true")) {
                out.open("if (%s == null%s) {", target, nullable.equals("false") ? "" : " && !(" + nullable + ")");
                out.line("throw new io.samsa.protocol.MalformedMessageException(\"non-nullable field %s was serialized as null\");",
                        name);
                out.close();
            }
        }
    }

    private void nullOrFail(String target, String nullable, String name) {
        if (nullable.equals("true")) {
            out.line("%s = null;", target);
            return;
        }
        if (!nullable.equals("false")) {
            out.open("if (!(%s)) {", nullable);
        }
        out.line("throw new io.samsa.protocol.MalformedMessageException(\"non-nullable field %s was serialized as null\");", name);
        if (!nullable.equals("false")) {
            out.close();
            out.line("%s = null;", target);
        }
    }

    static String scalarRead(FieldType type, String flex) {
        String w = "io.samsa.protocol.wire.Wire.";
        return switch (type.name()) {
            case "bool" -> w + "readBool(buf)";
            case "int8" -> w + "readInt8(buf)";
            case "int16" -> w + "readInt16(buf)";
            case "uint16" -> w + "readUint16(buf)";
            case "int32" -> w + "readInt32(buf)";
            case "int64" -> w + "readInt64(buf)";
            case "float64" -> w + "readFloat64(buf)";
            case "uuid" -> w + "readUuid(buf)";
            case "string" -> w + "readString(buf, " + flex + ")";
            case "bytes" -> w + "readBytes(buf, " + flex + ")";
            case "records" -> w + "readRecords(buf, " + flex + ")";
            default -> throw new IllegalArgumentException("not a scalar: " + type);
        };
    }

    private void emitTaggedSection() {
        List<FieldSpec> tagged = ctx.struct().fields().stream()
                .filter(f -> !ctx.tagged(f).isEmpty())
                .sorted(Comparator.comparingInt(FieldSpec::tag))
                .toList();
        out.open("if (flexible) {");
        out.line("int _numTaggedFields = io.samsa.protocol.wire.Wire.readUnsignedVarint(buf);");
        out.open("for (int _t = 0; _t < _numTaggedFields; _t++) {");
        out.line("int _tag = io.samsa.protocol.wire.Wire.readUnsignedVarint(buf);");
        out.line("int _size = io.samsa.protocol.wire.Wire.readUnsignedVarint(buf);");
        out.line("io.samsa.protocol.wire.Wire.require(buf, _size);");
        if (tagged.isEmpty()) {
            out.line("this.unknownTaggedFields = io.samsa.protocol.wire.Wire.addRawTaggedField(this.unknownTaggedFields, buf, _tag, _size);");
        } else {
            out.open("switch (_tag) {");
            for (FieldSpec field : tagged) {
                Versions versions = ctx.tagged(field);
                out.open("case %d: {", field.tag());
                String cond = versions.condition("version", ctx.flexible().intersect(ctx.valid()));
                boolean conditional = !cond.equals("true");
                if (conditional) {
                    out.open("if (!(%s)) {", cond);
                    out.line("throw new io.samsa.protocol.MalformedMessageException(\"tag %d is not valid for version \" + version);",
                            field.tag());
                    out.close();
                }
                out.line("int _start = buf.readerIndex();");
                emitValue(field, "this." + field.camelName(), versions, "true", true);
                out.line("io.samsa.protocol.wire.Wire.checkTaggedFieldSize(buf, _start, _size, _tag);");
                out.line("break;");
                out.close();
            }
            out.open("default: {");
            out.line("this.unknownTaggedFields = io.samsa.protocol.wire.Wire.addRawTaggedField(this.unknownTaggedFields, buf, _tag, _size);");
            out.line("break;");
            out.close();
            out.close();
        }
        out.close();
        out.close();
    }
}
