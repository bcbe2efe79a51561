package io.samsa.broker.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The broker's command line, {@code [server.properties] [--override key=value]...}, as Kafka's
 * {@code kafka-server-start.sh} takes it. Overrides win over the file, and a later override of
 * the same key wins over an earlier one.
 */
public record CommandLine(Optional<Path> propertiesFile, Map<String, String> overrides) {

    public static final String USAGE =
        "Usage: java -jar samsa.jar [server.properties] [--override key=value]...";

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException with a message for the operator when the arguments are wrong
     */
    public static CommandLine parse(String... args) {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals("--override")) {
                if (i + 1 == rest.size()) {
                    throw new IllegalArgumentException("--override needs key=value");
                }
                addOverride(overrides, rest.get(++i));
            } else if (arg.startsWith("--override=")) {
                addOverride(overrides, arg.substring("--override=".length()));
            } else if (arg.startsWith("-")) {
                throw new IllegalArgumentException("unknown option " + arg);
            } else if (file == null && overrides.isEmpty()) {
                file = Path.of(arg);
            } else {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
        }
        return new CommandLine(Optional.ofNullable(file), Collections.unmodifiableMap(overrides));
    }

    /** The properties file (if any) with the overrides applied. */
    public Map<String, String> properties() throws IOException {
        Map<String, String> merged = new LinkedHashMap<>();
        if (propertiesFile.isPresent()) {
            merged.putAll(load(propertiesFile.get()));
        }
        merged.putAll(overrides);
        return merged;
    }

    /** Reads a Java properties file (UTF-8), keeping the keys' order of first appearance. */
    public static Map<String, String> load(Path file) throws IOException {
        Map<String, String> ordered = new LinkedHashMap<>();
        Properties props = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                ordered.put((String) key, (String) value);
                return super.put(key, value);
            }
        };
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        return ordered;
    }

    private static void addOverride(Map<String, String> overrides, String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--override needs key=value, got " + keyValue);
        }
        overrides.put(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1));
    }
}
