package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache Kafka as its own scripts would run it, minus the scripts: KRaft combined mode (one node
 * that is broker and controller, a static one-voter quorum on a second loopback port), storage
 * formatted with {@code kafka.tools.StorageTool format} before the timed launch (as
 * {@code kafka-storage.sh format} is run once before {@code kafka-server-start.sh}), then
 * {@code kafka.Kafka server.properties}. The classpath is the file {@code bench/kafka}'s
 * {@code dependency:build-classpath} wrote. Logging: log4j2 at INFO, as the distribution's
 * default, into {@code broker.log}.
 */
final class KafkaBroker extends BrokerProcess {
    private static final long FORMAT_TIMEOUT_SECONDS = 120;

    private final String classpath;

    KafkaBroker(Path workDir, List<String> jvmOptions, String classpath) throws IOException {
        super("kafka", workDir, jvmOptions, 2);
        this.classpath = classpath;
    }

    @Override
    protected void prepare() throws IOException {
        String client = HOST + ":" + port(0);
        String controller = HOST + ":" + port(1);
        Map<String, String> own = new LinkedHashMap<>();
        own.put("process.roles", "broker,controller");
        own.put("node.id", "1");
        own.put("controller.quorum.voters", "1@" + controller);
        own.put("listeners", "PLAINTEXT://" + client + ",CONTROLLER://" + controller);
        own.put("advertised.listeners", "PLAINTEXT://" + client);
        own.put("controller.listener.names", "CONTROLLER");
        own.put("inter.broker.listener.name", "PLAINTEXT");
        own.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        own.put("log.dirs", dataDir().toString());
        writeServerProperties(own);
        Files.writeString(workDir().resolve("log4j2.properties"), String.join(System.lineSeparator(),
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = out",
            "appender.out.type = Console",
            "appender.out.name = out",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            ""));
        runToCompletion(mainClass("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c",
            workDir().resolve("server.properties").toString()), FORMAT_TIMEOUT_SECONDS);
    }

    @Override
    protected List<String> mainArguments() {
        return mainClass("kafka.Kafka", workDir().resolve("server.properties").toString());
    }

    private List<String> mainClass(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("-Dlog4j2.configurationFile=" + workDir().resolve("log4j2.properties"));
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(arguments));
        return command;
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }
}
