package io.samsa.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which group directories a node deletes at start (see {@link UnconfiguredGroups}); the rest must survive intact. */
class UnconfiguredGroupsTest {

    @TempDir
    Path storage;

    private Path group(String... files) throws IOException {
        Path dir = storage.resolve(UUID.randomUUID().toString());
        Files.createDirectories(dir.resolve("current"));
        Files.createDirectories(dir.resolve("sm"));
        Files.writeString(dir.resolve("in_use.lock"), "");
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(dir.resolve(files[i]), files[i + 1]);
        }
        return dir;
    }

    private static String meta(int term, String votedFor) {
        return "#\n#Sun Nov 22 03:36:46 UTC 2026\nvotedFor=" + votedFor + "\nterm=" + term + "\n";
    }

    @Test
    void aGroupThatNeverHadALeaderIsRemovedAndEveryOtherDirectoryIsKept() throws IOException {
        Path added = group("current/raft-meta", meta(0, ""), "sm/offsets.journal", "");
        Path killedWhileFormatting = group("current/raft-meta.tmp", meta(0, ""));
        Path voted = group("current/raft-meta", meta(1, "2"));
        Path led = group("current/raft-meta", meta(0, ""), "current/log_inprogress_0", "entries");
        Path installed = group("current/raft-meta", meta(0, ""), "current/raft-meta.conf", "conf");
        Path withState = group("current/raft-meta", meta(0, ""), "sm/offsets.journal", "x");
        Path notAGroup = Files.createDirectories(storage.resolve("journal"));
        Files.writeString(notAGroup.resolve("in_use.lock"), "");

        List<UUID> removed = UnconfiguredGroups.remove(storage);

        assertEquals(Set.of(id(added), id(killedWhileFormatting)), Set.copyOf(removed));
        assertFalse(Files.exists(added));
        assertFalse(Files.exists(killedWhileFormatting));
        for (Path kept : List.of(voted, led, installed, withState, notAGroup)) {
            assertTrue(Files.exists(kept.resolve("in_use.lock")), kept + " kept");
        }
        assertEquals(meta(1, "2"), Files.readString(voted.resolve("current/raft-meta")));
    }

    private static UUID id(Path dir) {
        return UUID.fromString(dir.getFileName().toString());
    }
}
