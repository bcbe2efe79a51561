package io.samsa.compat.broker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.samsa.compat.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Apache Kafka from the official {@code apache/kafka} image, through Testcontainers: the same
 * single KRaft node as {@link ApacheKafkaBroker} (broker and controller, node id 1, the shared
 * {@link BrokerSettings}, given as the image's {@code KAFKA_*} environment variables). The client
 * port is bound to a fixed free loopback port, so the advertised address survives the restart
 * scenarios, which stop, kill and start the same container (its data stays in the container).
 * Used only when a Docker engine runs (see {@link #dockerUnavailable()}).
 */
public final class ContainerKafkaBroker implements BrokerUnderTest {
    private static final int CLIENT_PORT = 9092;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String image;
    private final String name;
    private GenericContainer<?> container;
    private int port;
    private boolean running;
    private Duration lastStartupTime = Duration.ZERO;

    public ContainerKafkaBroker(String image) {
        this.image = image;
        this.name = "container-" + image.replace('/', '-').replace(':', '-');
    }

    /** Null when Testcontainers finds a Docker engine, else why not. */
    public static String dockerUnavailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? null : "no Docker engine found by Testcontainers";
        } catch (RuntimeException | LinkageError e) {
            return "no Docker engine found by Testcontainers (" + e + ")";
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        Deadline deadline = Deadline.after(START_TIMEOUT);
        if (container == null) {
            try {
                port = FreePorts.allocate(1)[0];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            container = new GenericContainer<>(DockerImageName.parse(image))
                .withEnv(environment(port))
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withExposedPorts(ExposedPort.tcp(CLIENT_PORT));
                    cmd.getHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port),
                        ExposedPort.tcp(CLIENT_PORT)));
                });
            container.start();
        } else {
            docker().startContainerCmd(container.getContainerId()).exec();
        }
        running = true;
        Readiness.await(bootstrapServers(), nodeId(), this::exited, deadline);
        lastStartupTime = Duration.ofMillis(deadline.elapsedMillis());
    }

    private String exited() {
        Boolean alive = docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning();
        return Boolean.TRUE.equals(alive) ? null : "the container is not running";
    }

    /** The image reads {@code KAFKA_FOO_BAR} as {@code foo.bar} (and {@code __} as {@code _}). */
    private static Map<String, String> environment(int port) {
        Map<String, String> properties = new LinkedHashMap<>(BrokerSettings.COMMON);
        properties.put("node.id", String.valueOf(BrokerSettings.NODE_ID));
        properties.put("process.roles", "broker,controller");
        properties.put("listeners", "PLAINTEXT://:" + CLIENT_PORT + ",CONTROLLER://:9093");
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        properties.put("controller.quorum.voters", BrokerSettings.NODE_ID + "@localhost:9093");
        properties.put("log.dirs", "/var/lib/kafka/data");
        properties.put("broker.session.timeout.ms", "3000");
        properties.put("broker.heartbeat.interval.ms", "500");
        Map<String, String> env = new LinkedHashMap<>();
        properties.forEach((key, value) -> env.put("KAFKA_" + key.replace("_", "__").replace('.', '_')
            .toUpperCase(Locale.ROOT), value));
        env.put("CLUSTER_ID", Uuid.randomUuid().toString());
        return env;
    }

    private DockerClient docker() {
        return container.getDockerClient();
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public int nodeId() {
        return BrokerSettings.NODE_ID;
    }

    @Override
    public synchronized void stop() {
        if (running) {
            docker().stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
            running = false;
        }
    }

    @Override
    public synchronized void kill() {
        if (running) {
            docker().killContainerCmd(container.getContainerId()).exec();
            running = false;
        }
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** The broker's log stays in the container; nothing to scan for buffer leaks (it is not Samsa). */
    @Override
    public Path logFile() {
        return null;
    }

    @Override
    public Duration lastStartupTime() {
        return lastStartupTime;
    }

    @Override
    public synchronized void close() {
        if (container != null) {
            container.stop();
            container = null;
            running = false;
        }
    }

    @Override
    public void close(boolean keepWorkDir) {
        close();
    }
}
