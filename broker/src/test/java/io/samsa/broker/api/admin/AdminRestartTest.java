package io.samsa.broker.api.admin;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.TestBrokers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topics, partitions and configs changed through the admin APIs survive a broker restart on the same dirs. */
class AdminRestartTest {

    @Test
    void topicsAndConfigsSurviveARestart(@TempDir Path dir) throws Exception {
        Map<String, String> props = TestBrokers.singleNodeProps(dir);
        Uuid keptId;
        Broker first = TestBrokers.start(props);
        try (Admin admin = admin(first)) {
            keptId = admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")), new NewTopic("dropped", 1, (short) 1)))
                    .topicId("kept").get(10, TimeUnit.SECONDS);
            admin.createPartitions(Map.of("kept", NewPartitions.increaseTo(4))).all().get(10, TimeUnit.SECONDS);
            admin.incrementalAlterConfigs(Map.of(topic("kept"), List.of(new AlterConfigOp(
                    new ConfigEntry("retention.ms", "123456"), AlterConfigOp.OpType.SET))))
                    .all().get(10, TimeUnit.SECONDS);
            admin.deleteTopics(List.of("dropped")).all().get(10, TimeUnit.SECONDS);
        } finally {
            first.stop();
        }

        Broker second = TestBrokers.start(props);
        try (Admin admin = admin(second)) {
            assertTrue(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains("kept"));
            assertFalse(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains("dropped"));
            TopicDescription kept = admin.describeTopics(List.of("kept")).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get("kept");
            assertEquals(keptId, kept.topicId());
            assertEquals(4, kept.partitions().size());
            assertTrue(kept.partitions().stream().allMatch(p -> p.leader() != null && p.leader().id() == 1));
            Config config = admin.describeConfigs(List.of(topic("kept"))).all().get(10, TimeUnit.SECONDS)
                    .get(topic("kept"));
            assertEquals("123456", config.get("retention.ms").value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, config.get("retention.ms").source());
            assertEquals("compact", config.get("cleanup.policy").value());
        } finally {
            second.stop();
        }
    }

    private static Admin admin(Broker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.bootstrap(broker),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }
}
