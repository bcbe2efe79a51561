package io.samsa.protocol.generator;

/** Accumulates generated source with indentation; one buffer per output file. */
final class CodeBuffer {
    private final StringBuilder text = new StringBuilder();
    private int indent;

    CodeBuffer line(String format, Object... args) {
        String line = args.length == 0 ? format : String.format(format, args);
        if (!line.isEmpty()) {
            text.append("    ".repeat(indent)).append(line);
        }
        text.append('\n');
        return this;
    }

    /** Opens a block: prints the line (ending in "{") and indents. */
    CodeBuffer open(String format, Object... args) {
        line(format, args);
        indent++;
        return this;
    }

    /** Closes a block with "}" or a continuation such as "} else {". */
    CodeBuffer close(String format, Object... args) {
        indent--;
        line(format, args);
        return this;
    }

    CodeBuffer close() {
        return close("}");
    }

    /** Re-opens at the same level: "} else {". */
    CodeBuffer reopen(String format, Object... args) {
        indent--;
        line(format, args);
        indent++;
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
