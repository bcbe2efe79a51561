package io.samsa.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Path;

/**
 * Samsa in a container, mirroring Testcontainers' {@code KafkaContainer}: start it, then point
 * clients at {@link #getBootstrapServers()}. The broker's advertised listener is the host and
 * mapped port clients see, which is only known once the container runs, so the container waits
 * for a start script that {@link #containerIsStarting} writes with that address.
 *
 * <pre>{@code
 * try (SamsaContainer samsa = SamsaContainer.fromJar(Path.of("broker/target/samsa.jar"))) {
 *     samsa.start();
 *     props.put("bootstrap.servers", samsa.getBootstrapServers());
 * }
 * }</pre>
 */
public class SamsaContainer extends GenericContainer<SamsaContainer> {
    public static final int KAFKA_PORT = 9092;
    private static final String START_SCRIPT = "/samsa-start.sh";
    private static final String JRE_IMAGE = "eclipse-temurin:17-jre";

    /** A container of a published Samsa image. */
    public SamsaContainer(DockerImageName image) {
        super(image);
        configureStart();
    }

    /** A container built on the fly from a local {@code samsa.jar} and a JRE base image. */
    public static SamsaContainer fromJar(Path jar) {
        ImageFromDockerfile image = new ImageFromDockerfile("samsa-local", false)
                .withFileFromPath("samsa.jar", jar)
                .withDockerfileFromBuilder(b -> b.from(JRE_IMAGE)
                        .copy("samsa.jar", "/opt/samsa/samsa.jar")
                        .expose(KAFKA_PORT)
                        .build());
        return new SamsaContainer(image);
    }

    private SamsaContainer(ImageFromDockerfile image) {
        super(image);
        configureStart();
    }

    private void configureStart() {
        withExposedPorts(KAFKA_PORT);
        withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sh"));
        withCommand("-c", "while [ ! -f " + START_SCRIPT + " ]; do sleep 0.05; done; exec sh " + START_SCRIPT);
    }

    /** {@code host:port} for the clients' {@code bootstrap.servers}. */
    public String getBootstrapServers() {
        return getHost() + ":" + getMappedPort(KAFKA_PORT);
    }

    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo) {
        String script = "exec java -jar /opt/samsa/samsa.jar"
                + " --override listeners=PLAINTEXT://0.0.0.0:" + KAFKA_PORT
                + " --override advertised.listeners=PLAINTEXT://" + getBootstrapServers()
                + " --override log.dirs=/tmp/samsa-data\n";
        copyFileToContainer(Transferable.of(script, 0777), START_SCRIPT);
    }
}
