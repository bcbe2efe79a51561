package io.samsa.testcontainers;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The container image from the built jar; runs only where a Docker engine is available, reported skipped elsewhere. */
class SamsaContainerTest {

    @Test
    void clientsReachTheBrokerThroughTheMappedPort() throws Exception {
        assumeTrue(dockerAvailable(), "no Docker engine: SamsaContainer tests skipped");
        Path jar = Path.of("target/samsa.jar");
        assumeTrue(Files.exists(jar), "target/samsa.jar is built by the package phase");
        try (SamsaContainer samsa = SamsaContainer.fromJar(jar)) {
            samsa.start();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, samsa.getBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("in-a-container", 1, (short) 1))).all().get();
                assertTrue(admin.listTopics().names().get().contains("in-a-container"));
            }
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
