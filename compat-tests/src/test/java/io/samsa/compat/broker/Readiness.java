package io.samsa.compat.broker;

import io.samsa.compat.Deadline;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * "Ready" means what a user's client needs: an AdminClient's describeCluster answers and lists
 * this node. Polled with short request timeouts until a deadline; a broker that is seen to have
 * exited in the meantime (a child process, a container) ends the wait at once.
 */
final class Readiness {
    private static final Duration ATTEMPT = Duration.ofMillis(1500);

    private Readiness() {
    }

    static void await(String bootstrapServers, int nodeId, Process process, Deadline deadline) {
        await(bootstrapServers, nodeId, () -> process.isAlive() ? null
            : "the process exited with code " + process.exitValue(), deadline);
    }

    /** @param exited null while the broker may still come up, else why it will not */
    static void await(String bootstrapServers, int nodeId, java.util.function.Supplier<String> exited,
                      Deadline deadline) {
        Map<String, Object> config = Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG, "compat-readiness",
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis(),
            AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 500,
            AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 500,
            AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
            AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
            AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
        String last = "no answer yet";
        try (Admin admin = Admin.create(config)) {
            while (!deadline.expired()) {
                String gone = exited.get();
                if (gone != null) {
                    throw new IllegalStateException(gone);
                }
                long waitMs = deadline.step(ATTEMPT).toMillis();
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) waitMs))
                        .nodes().get(waitMs + 500, TimeUnit.MILLISECONDS);
                    if (nodes.stream().anyMatch(node -> node.id() == nodeId)) {
                        return;
                    }
                    last = "describeCluster listed " + nodes + " without node " + nodeId;
                } catch (ExecutionException e) {
                    last = String.valueOf(e.getCause());
                } catch (TimeoutException e) {
                    last = "describeCluster timed out";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for readiness", e);
                }
            }
        }
        throw new IllegalStateException("not ready; last describeCluster outcome: " + last);
    }
}
