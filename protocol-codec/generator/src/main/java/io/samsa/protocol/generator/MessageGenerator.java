package io.samsa.protocol.generator;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Build-time entry point: reads Kafka's {@code common/message/*.json} and writes one Java class per
 * broker-facing request and response, per header, and per data schema, plus the {@code ApiKey}
 * enum. Usage: {@code MessageGenerator <spec dir> <output source root>}.
 */
public final class MessageGenerator {
    static final String PROTOCOL_PACKAGE = "io.samsa.protocol";
    static final String MESSAGE_PACKAGE = "io.samsa.protocol.message";

    private MessageGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: MessageGenerator <spec dir> <output source root>");
        }
        Path specDir = Path.of(args[0]);
        Path outRoot = Path.of(args[1]);
        List<MessageSpec> specs = load(specDir);
        List<MessageSpec> selected = select(specs);
        Path messageDir = outRoot.resolve(MESSAGE_PACKAGE.replace('.', '/'));
        Files.createDirectories(messageDir);
        for (MessageSpec spec : selected) {
            String source = new ClassEmitter(spec).emit(MESSAGE_PACKAGE);
            Files.writeString(messageDir.resolve(spec.name() + ".java"), source, StandardCharsets.UTF_8);
        }
        Path protocolDir = outRoot.resolve(PROTOCOL_PACKAGE.replace('.', '/'));
        Files.createDirectories(protocolDir);
        Files.writeString(protocolDir.resolve("ApiKey.java"),
                new ApiKeyEmitter().emit(PROTOCOL_PACKAGE, MESSAGE_PACKAGE, apis(specs)), StandardCharsets.UTF_8);
        System.out.println("[samsa generator] wrote " + selected.size() + " message classes and ApiKey ("
                + apis(specs).size() + " APIs) to " + outRoot);
    }

    static List<MessageSpec> load(Path specDir) throws IOException {
        ObjectMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();
        List<MessageSpec> specs = new ArrayList<>();
        try (Stream<Path> files = Files.list(specDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try {
                    specs.add(MessageSpec.parse(mapper.readTree(file.toFile())));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("cannot read spec " + file + ": " + e.getMessage(), e);
                }
            }
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no message specs in " + specDir);
        }
        return specs;
    }

    /** Broker-facing APIs (request and response), the headers, and every data schema. */
    static List<MessageSpec> select(List<MessageSpec> specs) {
        List<MessageSpec> selected = new ArrayList<>();
        for (Api api : apiPairs(specs)) {
            selected.add(api.request());
            selected.add(api.response());
        }
        for (MessageSpec spec : specs) {
            if (!spec.isApi()) {
                selected.add(spec);
            }
        }
        return selected;
    }

    private record Api(MessageSpec request, MessageSpec response) {
    }

    private static List<Api> apiPairs(List<MessageSpec> specs) {
        Map<Integer, MessageSpec> responses = new TreeMap<>();
        for (MessageSpec spec : specs) {
            if (spec.isApi() && spec.type().equals("response")) {
                responses.put(spec.apiKey(), spec);
            }
        }
        Map<Integer, Api> apis = new TreeMap<>();
        for (MessageSpec spec : specs) {
            if (spec.isApi() && spec.type().equals("request") && spec.listeners().contains("broker")) {
                MessageSpec response = responses.get(spec.apiKey());
                if (response == null) {
                    throw new IllegalArgumentException("no response spec for " + spec.name());
                }
                apis.put(spec.apiKey(), new Api(spec, response));
            }
        }
        return new ArrayList<>(apis.values());
    }

    static List<ApiKeyEmitter.Api> apis(List<MessageSpec> specs) {
        return apiPairs(specs).stream().map(a -> new ApiKeyEmitter.Api(a.request(), a.response())).toList();
    }
}
