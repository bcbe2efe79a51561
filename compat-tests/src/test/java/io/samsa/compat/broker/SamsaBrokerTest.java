package io.samsa.compat.broker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failure paths of starting a broker process: they must fail fast and say why. */
class SamsaBrokerTest {

    @Test
    void aMissingJarFailsTheStartNamingTheJar(@TempDir Path dir) {
        Path jar = dir.resolve("no-such-samsa.jar");
        try (SamsaBroker broker = new SamsaBroker(jar, dir.resolve("work"))) {
            RuntimeException e = assertThrows(RuntimeException.class, broker::start);
            assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("no-such-samsa.jar"),
                e.getMessage());
            assertFalse(broker.isRunning());
        }
    }

    @Test
    void aProcessThatExitsFailsTheStartAtOnceWithItsLog(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("samsa.jar"), "not a jar");
        long start = System.nanoTime();
        try (SamsaBroker broker = new SamsaBroker(jar, dir.resolve("work"), Duration.ofSeconds(60))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, broker::start);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
            assertTrue(e.getMessage().contains("broker.log"), "log tail expected: " + e.getMessage());
            assertTrue(elapsedMs < 30_000, "waited " + elapsedMs + " ms for a process that had exited");
            assertFalse(broker.isRunning());
            assertTrue(broker.pid() == -1);
        }
    }
}
