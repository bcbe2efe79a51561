package io.samsa.broker.api.admin;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.broker.testing.TestBrokers;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.CreateTopicsRequest;
import io.samsa.protocol.message.CreateTopicsResponse;
import io.samsa.protocol.message.DescribeTopicPartitionsRequest;
import io.samsa.protocol.message.DescribeTopicPartitionsResponse;
import io.samsa.protocol.message.DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponseTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** DescribeTopicPartitions cursor paging (KIP-966) over a raw socket, page by page. */
class DescribeTopicPartitionsHandlerTest {
    @TempDir
    static Path dir;
    static Broker broker;
    static RawKafkaClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBrokers.start(dir);
        client = new RawKafkaClient("127.0.0.1", TestBrokers.port(broker));
        CreateTopicsRequest create = new CreateTopicsRequest();
        create.topics().add(topic("page-a", 3));
        create.topics().add(topic("page-b", 2));
        create.topics().add(topic("page-c", 2));
        CreateTopicsResponse created = client.call(create, new CreateTopicsResponse(), (short) 7);
        created.topics().forEach(t -> assertEquals(ErrorCode.NONE.code(), t.errorCode(), t.name()));
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        broker.stop();
    }

    @Test
    void pagesSplitInsideAndBetweenTopics() throws Exception {
        // Two partitions per page over a(3) b(2) c(2): a0 a1 | a2 b0 | b1 c0 | c1.
        DescribeTopicPartitionsResponse page = describe(List.of("page-a", "page-b", "page-c"), 2, null);
        assertEquals("page-a[0, 1]", partitions(page));
        assertEquals("page-a:2", cursor(page));
        page = describe(List.of("page-a", "page-b", "page-c"), 2, next(page));
        assertEquals("page-a[2] page-b[0]", partitions(page));
        assertEquals("page-b:1", cursor(page));
        page = describe(List.of("page-a", "page-b", "page-c"), 2, next(page));
        assertEquals("page-b[1] page-c[0]", partitions(page));
        page = describe(List.of("page-a", "page-b", "page-c"), 2, next(page));
        assertEquals("page-c[1]", partitions(page));
        assertNull(page.nextCursor());
    }

    @Test
    void aFullPageAtATopicBoundaryPointsAtTheNextTopic() throws Exception {
        DescribeTopicPartitionsResponse page = describe(List.of("page-b", "page-c"), 2, null);
        assertEquals("page-b[0, 1]", partitions(page));
        assertEquals("page-c:0", cursor(page));
    }

    @Test
    void allTopicsInNameOrderWhenNoneAreNamed() throws Exception {
        DescribeTopicPartitionsResponse page = describe(List.of(), 2000, null);
        assertEquals("page-a[0, 1, 2] page-b[0, 1] page-c[0, 1]", partitions(page));
        DescribeTopicPartitionsResponseTopic a = page.topics().get(0);
        assertEquals(1, a.partitions().get(0).leaderId());
        assertEquals(List.of(), a.partitions().get(0).eligibleLeaderReplicas());
        assertEquals(3576, a.topicAuthorizedOperations());
    }

    @Test
    void unknownAndIllegalTopicsAndBadCursors() throws Exception {
        DescribeTopicPartitionsResponse response = describe(List.of("no-such", "bad name"), 10, null);
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION.code(), response.topics().get(0).errorCode(), "bad name");
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), response.topics().get(1).errorCode(), "no-such");

        DescribeTopicPartitionsResponse notListed = describe(List.of("page-a"), 10,
                new DescribeTopicPartitionsRequest.Cursor().setTopicName("page-b").setPartitionIndex(0));
        assertEquals(ErrorCode.INVALID_REQUEST.code(), notListed.topics().get(0).errorCode());
        DescribeTopicPartitionsResponse negative = describe(List.of("page-a"), 10,
                new DescribeTopicPartitionsRequest.Cursor().setTopicName("page-a").setPartitionIndex(-1));
        assertEquals(ErrorCode.INVALID_REQUEST.code(), negative.topics().get(0).errorCode());
    }

    private static DescribeTopicPartitionsResponse describe(List<String> names, int limit,
                                                           DescribeTopicPartitionsRequest.Cursor cursor)
            throws IOException {
        DescribeTopicPartitionsRequest request = new DescribeTopicPartitionsRequest().setResponsePartitionLimit(limit)
                .setCursor(cursor);
        names.forEach(n -> request.topics().add(new DescribeTopicPartitionsRequest.TopicRequest().setName(n)));
        return client.call(request, new DescribeTopicPartitionsResponse(), (short) 0);
    }

    private static DescribeTopicPartitionsRequest.Cursor next(DescribeTopicPartitionsResponse page) {
        return new DescribeTopicPartitionsRequest.Cursor().setTopicName(page.nextCursor().topicName())
                .setPartitionIndex(page.nextCursor().partitionIndex());
    }

    private static String partitions(DescribeTopicPartitionsResponse page) {
        List<String> out = new ArrayList<>();
        for (DescribeTopicPartitionsResponseTopic topic : page.topics()) {
            assertEquals(ErrorCode.NONE.code(), topic.errorCode(), topic.name());
            out.add(topic.name() + topic.partitions().stream().map(p -> p.partitionIndex()).toList());
        }
        return String.join(" ", out);
    }

    private static String cursor(DescribeTopicPartitionsResponse page) {
        return page.nextCursor().topicName() + ":" + page.nextCursor().partitionIndex();
    }

    private static CreateTopicsRequest.CreatableTopic topic(String name, int partitions) {
        return new CreateTopicsRequest.CreatableTopic().setName(name).setNumPartitions(partitions)
                .setReplicationFactor((short) 1);
    }
}
