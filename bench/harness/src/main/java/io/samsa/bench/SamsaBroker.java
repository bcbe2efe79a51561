package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samsa as a user runs it: {@code java -jar samsa.jar server.properties}, single node (its default
 * roles and local metadata journal), one client listener on a free loopback port, data in the work
 * directory. Logging stays at the runnable jar's default (INFO to stdout, here {@code broker.log}).
 */
final class SamsaBroker extends BrokerProcess {
    private final Path jar;

    SamsaBroker(Path workDir, List<String> jvmOptions, Path jar) throws IOException {
        super("samsa", workDir, jvmOptions, 1);
        this.jar = jar.toAbsolutePath().normalize();
    }

    @Override
    protected void prepare() throws IOException {
        Map<String, String> own = new LinkedHashMap<>();
        own.put("node.id", "1");
        own.put("listeners", "PLAINTEXT://" + HOST + ":" + port(0));
        own.put("log.dirs", dataDir().toString());
        writeServerProperties(own);
    }

    @Override
    protected List<String> mainArguments() {
        return List.of("-jar", jar.toString(), workDir().resolve("server.properties").toString());
    }
}
