package io.samsa.compat.scenario;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Name patterns where {@code *} matches any run of characters (scenario filters, the allow-list). */
public final class Glob {
    private Glob() {
    }

    public static boolean matches(String glob, String name) {
        String regex = Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.matches(regex, name);
    }
}
