package io.samsa.protocol.generator;

/**
 * An inclusive range of message versions as the specs write them: "3+", "0-12", "5" or "none".
 * An empty range has {@code lowest > highest}.
 */
record Versions(short lowest, short highest) {
    static final Versions NONE = new Versions((short) 1, (short) 0);
    static final Versions ALL = new Versions((short) 0, Short.MAX_VALUE);
    /** Every value a short can hold: the context of the entry check on a version argument. */
    static final Versions ALL_SHORTS = new Versions(Short.MIN_VALUE, Short.MAX_VALUE);

    static Versions parse(String text, Versions fallback) {
        if (text == null) {
            return fallback;
        }
        String s = text.trim();
        if (s.isEmpty() || s.equals("none")) {
            return NONE;
        }
        if (s.endsWith("+")) {
            return new Versions(Short.parseShort(s.substring(0, s.length() - 1)), Short.MAX_VALUE);
        }
        int dash = s.indexOf('-');
        if (dash > 0) {
            return new Versions(Short.parseShort(s.substring(0, dash)), Short.parseShort(s.substring(dash + 1)));
        }
        short v = Short.parseShort(s);
        return new Versions(v, v);
    }

    boolean isEmpty() {
        return lowest > highest;
    }

    boolean contains(short v) {
        return v >= lowest && v <= highest;
    }

    boolean contains(Versions other) {
        return other.isEmpty() || (!isEmpty() && other.lowest >= lowest && other.highest <= highest);
    }

    Versions intersect(Versions other) {
        Versions result = new Versions((short) Math.max(lowest, other.lowest), (short) Math.min(highest, other.highest));
        return result.isEmpty() ? NONE : result;
    }

    /** This range minus a suffix range {@code other} (tagged versions always end the range). */
    Versions minusSuffix(Versions other) {
        Versions overlap = intersect(other);
        if (overlap.isEmpty()) {
            return this;
        }
        if (overlap.highest != highest) {
            throw new IllegalStateException(other + " is not a suffix of " + this);
        }
        return overlap.lowest <= lowest ? NONE : new Versions(lowest, (short) (overlap.lowest - 1));
    }

    /**
     * A Java boolean expression over {@code var} that is true for the versions of this range,
     * assuming {@code var} already lies within {@code context}: bounds the context implies are
     * left out, so most conditions fold to "true" or a single comparison.
     */
    String condition(String var, Versions context) {
        Versions within = intersect(context);
        if (within.isEmpty()) {
            return "false";
        }
        boolean needLow = within.lowest > context.lowest;
        boolean needHigh = within.highest < context.highest;
        if (needLow && needHigh) {
            return within.lowest == within.highest
                    ? var + " == " + within.lowest
                    : "(" + var + " >= " + within.lowest + " && " + var + " <= " + within.highest + ")";
        }
        if (needLow) {
            return var + " >= " + within.lowest;
        }
        if (needHigh) {
            return var + " <= " + within.highest;
        }
        return "true";
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        return highest == Short.MAX_VALUE ? lowest + "+" : lowest == highest ? "" + lowest : lowest + "-" + highest;
    }
}
