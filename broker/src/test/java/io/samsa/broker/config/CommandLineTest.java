package io.samsa.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @Test
    void overridesWinOverTheFileAndLaterOverridesWin(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "# a comment\nnum.partitions=3\nlog.dirs=/tmp/samsa\nnode.id = 7\n");
        CommandLine cl = CommandLine.parse(file.toString(), "--override", "num.partitions=5",
            "--override=log.retention.hours=1", "--override", "num.partitions=6");
        assertEquals(Optional.of(file), cl.propertiesFile());
        Map<String, String> props = cl.properties();
        assertEquals("6", props.get("num.partitions"));
        assertEquals("/tmp/samsa", props.get("log.dirs"));
        assertEquals("7", props.get("node.id"));
        assertEquals("1", props.get("log.retention.hours"));
        assertEquals(List.of("num.partitions", "log.dirs", "node.id", "log.retention.hours"), List.copyOf(props.keySet()));
    }

    @Test
    void noArgumentsMeansDefaults() throws IOException {
        CommandLine cl = CommandLine.parse();
        assertEquals(Optional.empty(), cl.propertiesFile());
        assertTrue(cl.properties().isEmpty());
    }

    @Test
    void anOverrideValueMayContainEqualsSigns() throws IOException {
        assertEquals("a=b", CommandLine.parse("--override", "broker.rack=a=b").properties().get("broker.rack"));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--override"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--override", "novalue"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--verbose"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("a.properties", "b.properties"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--override", "a=1", "late.properties"));
    }

    @Test
    void aMissingFileIsAnIoError() {
        CommandLine cl = CommandLine.parse("/nonexistent/server.properties");
        assertThrows(IOException.class, cl::properties);
    }
}
