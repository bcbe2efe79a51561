package io.samsa.broker.testing;

import io.samsa.broker.Broker;
import io.samsa.broker.BrokerConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Single-node brokers for tests: loopback, a free port, data in the given directory. */
public final class TestBrokers {
    private TestBrokers() {
    }

    public static Map<String, String> singleNodeProps(Path dataDir) {
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("log.dirs", dataDir.resolve("logs").toString());
        props.put("metadata.log.dir", dataDir.resolve("metadata").toString());
        props.put("num.io.threads", "2");
        props.put("num.network.threads", "1");
        return props;
    }

    public static Broker start(Path dataDir) {
        return start(singleNodeProps(dataDir));
    }

    public static Broker start(Map<String, String> props) {
        Broker broker = new Broker(BrokerConfig.from(props));
        broker.start();
        return broker;
    }

    public static int port(Broker broker) {
        return broker.boundListeners().get(0).port();
    }

    public static String bootstrap(Broker broker) {
        return "127.0.0.1:" + port(broker);
    }
}
