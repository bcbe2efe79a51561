package io.samsa.junit;

import io.samsa.embedded.SamsaBroker;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Two test classes using the extension run at the same time (JUnit's parallel execution) and get
 * different ports and directories.
 */
class SamsaExtensionParallelTest {
    static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();
    static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();
    /** Both classes hold their brokers until the other has started too: proof they overlap. */
    static volatile CountDownLatch bothRunning;

    @Test
    void parallelClassesGetTheirOwnBrokers() {
        PORTS.clear();
        DIRS.clear();
        bothRunning = new CountDownLatch(2);
        var results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .selectors(selectClass(ClassA.class), selectClass(ClassB.class))
                .execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertEquals(2, PORTS.size(), "different ports: " + PORTS);
        assertEquals(2, DIRS.size(), "different directories: " + DIRS);
    }

    static void record(SamsaBroker broker) throws InterruptedException {
        PORTS.add(broker.port());
        DIRS.add(broker.dataDir());
        bothRunning.countDown();
        assertTrue(bothRunning.await(60, TimeUnit.SECONDS), "the other class ran at the same time");
    }

    @EmbeddedSamsa
    static class ClassA {
        @Test
        void uses(SamsaBroker broker) throws InterruptedException {
            record(broker);
        }
    }

    @EmbeddedSamsa
    static class ClassB {
        @Test
        void uses(SamsaBroker broker) throws InterruptedException {
            record(broker);
        }
    }
}
