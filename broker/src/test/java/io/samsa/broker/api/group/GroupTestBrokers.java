package io.samsa.broker.api.group;

import io.samsa.broker.testing.TestBrokers;

import java.nio.file.Path;
import java.util.Map;

/** Broker settings for fast group tests: no initial rebalance delay, short sessions allowed, few offset shards. */
final class GroupTestBrokers {
    private GroupTestBrokers() {
    }

    static Map<String, String> props(Path dir) {
        Map<String, String> props = TestBrokers.singleNodeProps(dir);
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.min.session.timeout.ms", "1000");
        props.put("offsets.topic.num.partitions", "4");
        return props;
    }
}
