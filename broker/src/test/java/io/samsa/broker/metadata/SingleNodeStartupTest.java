package io.samsa.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a fresh JVM that opens a single-node metadata store (local journal) and creates a topic, twice on one
 * directory (first start, then restart with the first topic replayed), and reports JVM start → metadata ready.
 * The figure printed is the one quoted in the README; the assertion is loose because this machine is shared.
 */
class SingleNodeStartupTest {

    private static final Pattern READY = Pattern.compile("READY mode=local .*jvmToReady=(\\d+) topics=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void aSingleNodeIsReadyWellUnderASecondAfterTheJvmStarts() throws Exception {
        long first = startOnce(1);
        long second = startOnce(2);
        System.out.printf("single node, JVM start to metadata ready and first topic created: %d ms fresh, %d ms "
                + "on restart%n", first, second);
        assertTrue(first < 3000 && second < 3000, "far slower than the 0.5 s target: " + first + ", " + second);
    }

    private long startOnce(int expectedTopics) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StartupProbe.class.getName(), "local", dir.toString())
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.append(line).append('\n');
            }
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe did not exit");
        Matcher m = READY.matcher(output);
        assertTrue(m.find(), output.toString());
        assertEquals(expectedTopics, Integer.parseInt(m.group(2)), output.toString());
        return Long.parseLong(m.group(1));
    }
}
