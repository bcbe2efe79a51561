package io.samsa.raft;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Group directories that Ratis would re-open without a configuration. Ratis 3.3.0 keeps a group's members only in its
 * log (a configuration entry, written once the group first has a leader) or in {@code raft-meta.conf} (after a
 * snapshot install); the members given to {@code groupAdd} are never written. A node that stops after adding a group
 * but before the group's first leader therefore re-opens it with no members: it neither starts an election nor votes,
 * and a group of one or two members never elects a leader again (RATIS-2661 fixes it in Ratis after 3.3.0).
 *
 * <p>Such a directory holds nothing a member must keep: term 0 and no vote (the node never voted), no log, no
 * configuration, and an empty state machine directory. Deleting it before the server starts is the same as never having
 * added the group, and joining the group again adds it with its members. Any other directory is left alone.
 */
final class UnconfiguredGroups {

    private static final String CURRENT = "current";
    private static final String RAFT_META = "raft-meta";
    private static final String STATE_MACHINE = "sm";

    private UnconfiguredGroups() {
    }

    /** Deletes every unconfigured group directory directly under {@code storageDir}; returns their group ids. */
    static List<UUID> remove(Path storageDir) throws IOException {
        List<UUID> removed = new ArrayList<>();
        if (!Files.isDirectory(storageDir)) {
            return removed;
        }
        try (Stream<Path> dirs = Files.list(storageDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                UUID id = groupId(dir);
                if (id != null && isUnconfigured(dir)) {
                    deleteTree(dir);
                    removed.add(id);
                }
            }
        }
        return removed;
    }

    static boolean isUnconfigured(Path groupDir) throws IOException {
        Path current = groupDir.resolve(CURRENT);
        Path meta = current.resolve(RAFT_META);
        if (!Files.isRegularFile(meta)) {
            return false;
        }
        try (Stream<Path> files = Files.list(current)) {
            if (files.anyMatch(f -> !f.getFileName().toString().equals(RAFT_META))) {
                return false; // a log segment or raft-meta.conf: the group had a configuration
            }
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        }
        if (!"0".equals(properties.getProperty("term")) || !properties.getProperty("votedFor", "").isEmpty()) {
            return false;
        }
        Path stateMachine = groupDir.resolve(STATE_MACHINE);
        if (!Files.exists(stateMachine)) {
            return true;
        }
        try (Stream<Path> files = Files.walk(stateMachine)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (Files.size(f) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static UUID groupId(Path dir) {
        try {
            return UUID.fromString(dir.getFileName().toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
