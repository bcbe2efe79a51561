package io.samsa.junit;

import io.samsa.embedded.SamsaBroker;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A broker per test method; the previous one is closed and its directory deleted before the next test. */
@EmbeddedSamsa(lifecycle = EmbeddedSamsa.Lifecycle.PER_METHOD)
class EmbeddedSamsaMethodLifecycleTest {
    private static Path previousDir;
    private static int previousPort;

    @Test
    void first(SamsaBroker broker) {
        check(broker);
    }

    @Test
    void second(SamsaBroker broker) {
        check(broker);
    }

    private static void check(SamsaBroker broker) {
        assertTrue(Files.isDirectory(broker.dataDir()));
        if (previousDir != null) {
            assertNotEquals(previousDir, broker.dataDir(), "a fresh broker per method");
            assertFalse(Files.exists(previousDir), "the previous method's broker was closed and its directory deleted");
            assertNotEquals(0, previousPort);
        }
        previousDir = broker.dataDir();
        previousPort = broker.port();
    }
}
