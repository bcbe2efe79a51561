package io.samsa.broker.api.admin;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.broker.testing.TestBrokers;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeClusterRequest;
import io.samsa.protocol.message.DescribeClusterResponse;
import io.samsa.protocol.message.DescribeLogDirsRequest;
import io.samsa.protocol.message.DescribeLogDirsResponse;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DescribeCluster and DescribeLogDirs with the real AdminClient. */
class ClusterAdminTest {
    @TempDir
    static Path dir;
    static Broker broker;
    static Admin admin;

    @BeforeAll
    static void start() {
        broker = TestBrokers.start(dir);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.bootstrap(broker),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.stop();
    }

    @Test
    void describeClusterNamesALiveController() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions()
                .includeAuthorizedOperations(true));
        Collection<Node> nodes = cluster.nodes().get(10, TimeUnit.SECONDS);
        Node controller = cluster.controller().get(10, TimeUnit.SECONDS);
        assertEquals(1, nodes.size());
        assertTrue(nodes.contains(controller), "the controller is a live broker");
        assertEquals(TestBrokers.port(broker), controller.port());
        assertEquals(broker.services().metadata().image().clusterId(), cluster.clusterId().get(10, TimeUnit.SECONDS));
        Set<AclOperation> operations = cluster.authorizedOperations().get(10, TimeUnit.SECONDS);
        assertTrue(operations.contains(AclOperation.DESCRIBE) && operations.contains(AclOperation.ALTER_CONFIGS));
    }

    @Test
    void describeClusterForControllersIsAMismatchedEndpoint() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker))) {
            DescribeClusterResponse response = client.call(new DescribeClusterRequest().setEndpointType((byte) 2),
                    new DescribeClusterResponse(), (short) 1);
            assertEquals(ErrorCode.MISMATCHED_ENDPOINT_TYPE.code(), response.errorCode());
            DescribeClusterResponse v0 = client.call(new DescribeClusterRequest(), new DescribeClusterResponse(),
                    (short) 0);
            assertEquals(ErrorCode.NONE.code(), v0.errorCode());
            assertEquals(1, v0.controllerId());
        }
    }

    @Test
    void describeLogDirsReportsPartitionSizesAndSpace() throws Exception {
        admin.createTopics(List.of(new NewTopic("sized", 2, (short) 1))).all().get(10, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.bootstrap(broker),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("sized", 0, "k", "v".repeat(1000))).get(10, TimeUnit.SECONDS);
        }
        Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(1)).allDescriptions()
                .get(10, TimeUnit.SECONDS).get(1);
        assertEquals(1, dirs.size());
        LogDirDescription logDir = dirs.get(broker.config().logDirs().get(0).toString());
        assertNotNull(logDir, "keyed by the absolute log.dirs path: " + dirs.keySet());
        ReplicaInfo written = logDir.replicaInfos().get(new TopicPartition("sized", 0));
        ReplicaInfo empty = logDir.replicaInfos().get(new TopicPartition("sized", 1));
        assertTrue(written.size() > 1000, "size " + written.size());
        assertEquals(0, empty.size());
        assertEquals(0, written.offsetLag());
        assertTrue(logDir.totalBytes().orElseThrow() > 0);
        assertTrue(logDir.usableBytes().orElseThrow() > 0);
    }

    @Test
    void describeLogDirsForNamedPartitionsOnly() throws Exception {
        admin.createTopics(List.of(new NewTopic("named-dirs", 3, (short) 1))).all().get(10, TimeUnit.SECONDS);
        try (RawKafkaClient client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker))) {
            DescribeLogDirsRequest request = new DescribeLogDirsRequest();
            request.topics().add(new DescribeLogDirsRequest.DescribableLogDirTopic().setTopic("named-dirs")
                    .setPartitions(List.of(1, 7)));
            for (short v = 1; v <= 5; v++) {
                DescribeLogDirsResponse response = client.call(request, new DescribeLogDirsResponse(), v);
                DescribeLogDirsResponse.DescribeLogDirsResult result = response.results().get(0);
                assertEquals(ErrorCode.NONE.code(), result.errorCode());
                assertEquals(1, result.topics().size(), "v" + v);
                assertEquals("named-dirs", result.topics().get(0).name());
                assertEquals(List.of(1), result.topics().get(0).partitions().stream()
                        .map(DescribeLogDirsResponse.DescribeLogDirsPartition::partitionIndex).toList());
                assertEquals(v >= 4, result.totalBytes() > 0, "total bytes from v4, v" + v);
            }
        }
    }
}
