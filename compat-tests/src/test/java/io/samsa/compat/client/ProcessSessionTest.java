package io.samsa.compat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.samsa.compat.broker.BrokerUnderTest;
import io.samsa.compat.scenario.ScenarioInfo;
import io.samsa.compat.scenario.ScenarioResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch in a real child process (a shell script speaking the protocol), against a fake broker. */
class ProcessSessionTest {
    private static final ScenarioInfo FIRST = new ScenarioInfo("first", "a", "s", Duration.ofSeconds(5), false);
    private static final ScenarioInfo SECOND = new ScenarioInfo("second", "a", "s", Duration.ofSeconds(5), false);
    private static final Duration GRACE = Duration.ofMillis(500);

    private static String result(String scenario, String status) {
        return "echo '" + ChildProtocol.MARKER + "{\"type\":\"result\",\"scenario\":\"" + scenario + "\",\"status\":\""
            + status + "\",\"fields\":{\"n\":1},\"failures\":[],\"elapsedMillis\":3}'";
    }

    private static ProcessSession start(FakeBroker broker, Path dir, String script) throws Exception {
        return ProcessSession.start("fake-client", broker, List.of("sh", "-c", script), dir, dir.resolve("batch.log"),
            GRACE);
    }

    @Test
    void resultsArriveInOrderAndChatterGoesToTheLog(@TempDir Path dir) throws Exception {
        FakeBroker broker = new FakeBroker();
        try (ProcessSession session = start(broker, dir, "echo hello; " + result("first", "PASS") + "; "
            + result("second", "FAIL"))) {
            ScenarioResult first = session.run(FIRST);
            assertEquals(ScenarioResult.Status.PASS, first.status());
            assertEquals(1L, first.fields().get("n"));
            assertEquals("fake", first.target());
            assertEquals(ScenarioResult.Status.FAIL, session.run(SECOND).status());
        }
        assertTrue(java.nio.file.Files.readString(dir.resolve("batch.log")).contains("hello"));
    }

    @Test
    void aControlIsCarriedOutOnTheBrokerAndAnswered(@TempDir Path dir) throws Exception {
        FakeBroker broker = new FakeBroker();
        String script = "echo '" + ChildProtocol.controlLine("kill") + "'; read reply; "
            + "case \"$reply\" in *'\"ok\":true'*) " + result("first", "PASS") + ";; *) " + result("first", "FAIL")
            + ";; esac";
        try (ProcessSession session = start(broker, dir, script)) {
            assertEquals(ScenarioResult.Status.PASS, session.run(FIRST).status());
        }
        assertEquals(List.of("kill"), broker.actions);
    }

    @Test
    void aProcessThatEndsEarlyFailsItsRemainingScenarios(@TempDir Path dir) throws Exception {
        try (ProcessSession session = start(new FakeBroker(), dir, result("first", "PASS") + "; echo boom >&2; exit 3")) {
            assertEquals(ScenarioResult.Status.PASS, session.run(FIRST).status());
            ScenarioResult second = session.run(SECOND);
            assertEquals(ScenarioResult.Status.FAIL, second.status());
            assertTrue(second.failures().get(0).contains("exit code 3") && second.failures().get(0).contains("boom"),
                second.failures().toString());
        }
    }

    @Test
    void aHungProcessIsStoppedAfterTheScenarioTimeout(@TempDir Path dir) throws Exception {
        ScenarioInfo quick = new ScenarioInfo("first", "a", "s", Duration.ofMillis(300), false);
        long start = System.nanoTime();
        try (ProcessSession session = start(new FakeBroker(), dir, "exec sleep 30")) {
            ScenarioResult result = session.run(quick);
            assertEquals(ScenarioResult.Status.FAIL, result.status());
            assertTrue(result.failures().get(0).contains("no result"), result.failures().toString());
            assertEquals(ScenarioResult.Status.FAIL, session.run(SECOND).status());
        }
        assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000, "the session waited for the hung process");
    }

    /** Records the lifecycle calls a client asked for. */
    private static final class FakeBroker implements BrokerUnderTest {
        final List<String> actions = new ArrayList<>();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void start() {
            actions.add("start");
        }

        @Override
        public String bootstrapServers() {
            return "127.0.0.1:9";
        }

        @Override
        public int nodeId() {
            return 1;
        }

        @Override
        public void stop() {
            actions.add("stop");
        }

        @Override
        public void kill() {
            actions.add("kill");
        }

        @Override
        public long pid() {
            return -1;
        }

        @Override
        public boolean isRunning() {
            return true;
        }

        @Override
        public Path logFile() {
            return null;
        }

        @Override
        public Duration lastStartupTime() {
            return Duration.ZERO;
        }

        @Override
        public void close() {
        }

        @Override
        public void close(boolean keepWorkDir) {
        }
    }
}
