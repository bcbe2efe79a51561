package io.samsa.protocol.message;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Kafka's message specs as the tests read them, parsed independently of the generator so that a
 * generator bug cannot hide itself in the test's own view of the spec.
 */
record SpecFile(String name, String type, JsonNode root, Map<String, JsonNode> structs) {
    static final Path DIR = Path.of("target/kafka-message-specs/common/message");

    static List<SpecFile> all() {
        ObjectMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().map(p -> {
                try {
                    JsonNode root = mapper.readTree(p.toFile());
                    Map<String, JsonNode> structs = new HashMap<>();
                    root.path("commonStructs").forEach(s -> structs.put(s.get("name").asText(), s));
                    collect(root.get("fields"), structs);
                    root.path("commonStructs").forEach(s -> collect(s.get("fields"), structs));
                    return new SpecFile(root.get("name").asText(), root.get("type").asText(), root, structs);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode fields, Map<String, JsonNode> into) {
        if (fields == null) {
            return;
        }
        for (JsonNode f : fields) {
            if (f.has("fields")) {
                into.put(f.get("type").asText().replace("[]", ""), f);
                collect(f.get("fields"), into);
            }
        }
    }

    short lowest() {
        return range(root.get("validVersions").asText())[0];
    }

    short highest() {
        return range(root.get("validVersions").asText())[1];
    }

    boolean flexible(short version) {
        return in(root.path("flexibleVersions").asText("none"), version);
    }

    boolean isBrokerApi() {
        if (!root.has("apiKey") || !(type.equals("request") || type.equals("response"))) {
            return false;
        }
        return true;
    }

    /** Whether {@code version} lies in a spec range such as "3+", "0-12", "5" or "none". */
    static boolean in(String range, short version) {
        if (range == null) {
            return false;
        }
        short[] r = range(range);
        return version >= r[0] && version <= r[1];
    }

    static short[] range(String text) {
        String s = text.trim();
        if (s.isEmpty() || s.equals("none")) {
            return new short[] {1, 0};
        }
        if (s.endsWith("+")) {
            return new short[] {Short.parseShort(s.substring(0, s.length() - 1)), Short.MAX_VALUE};
        }
        int dash = s.indexOf('-');
        if (dash > 0) {
            return new short[] {Short.parseShort(s.substring(0, dash)), Short.parseShort(s.substring(dash + 1))};
        }
        short v = Short.parseShort(s);
        return new short[] {v, v};
    }
}
