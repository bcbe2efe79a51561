package io.samsa.embedded;

import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ApiVersionsRequest;
import io.samsa.protocol.message.ApiVersionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded broker starts on a free port, serves, and on close leaves no port, file or thread behind. */
class SamsaBrokerLifecycleTest {

    @Test
    void closeReleasesThePortDeletesTheDirectoryAndStopsEveryThread() throws Exception {
        Set<Thread> before = LiveThreads.snapshot();
        SamsaBroker broker = SamsaBroker.builder().start();
        int port = broker.port();
        Path dir = broker.dataDir();
        assertTrue(Files.isDirectory(dir));
        assertServes(port);

        broker.close();

        assertFalse(Files.exists(dir), "the temporary directory is deleted");
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port)); // fails if the port were still held
        }
        Set<String> leaked = LiveThreads.awaitGone(before, Duration.ofSeconds(10));
        assertTrue(leaked.isEmpty(), "threads left running: " + leaked);
    }

    @Test
    void twoBrokersRunSideBySideAndAGivenDirectoryIsKept(@TempDir Path keep) throws Exception {
        try (SamsaBroker a = SamsaBroker.builder().start();
             SamsaBroker b = SamsaBroker.builder().dataDir(keep).property("num.partitions", "3").start()) {
            assertNotEquals(a.port(), b.port());
            assertNotEquals(a.dataDir(), b.dataDir());
            assertServes(a.port());
            assertServes(b.port());
        }
        assertTrue(Files.exists(keep.resolve("logs")), "a directory the caller gave is left in place");
    }

    @Test
    void aStartThatCannotBindNamesTheListenerAndLeavesNoThreadOrDirectory() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Set<Thread> before = LiveThreads.snapshot();
            SamsaBroker broker = SamsaBroker.builder().port(taken.getLocalPort()).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, broker::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertFalse(Files.exists(broker.dataDir()), "the temporary directory is deleted");
            Set<String> leaked = LiveThreads.awaitGone(before, Duration.ofSeconds(10));
            assertTrue(leaked.isEmpty(), "threads left running: " + leaked);
        }
    }

    private static void assertServes(int port) throws IOException {
        try (RawKafkaClient client = new RawKafkaClient("127.0.0.1", port)) {
            ApiVersionsResponse response = client.call(new ApiVersionsRequest(), new ApiVersionsResponse(), (short) 0);
            assertEquals(ErrorCode.NONE.code(), response.errorCode());
        }
    }
}
