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

    private static final String LOCK = "in_use.lock";
    private static final String RAFT_META = "current/raft-meta";
    private static final String RAFT_META_TMP = "current/raft-meta.tmp";
    private static final String STATE_MACHINE = "sm/";

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

    /**
     * True when every file in {@code groupDir} is one that a group which never had a leader can hold: Ratis' lock, its
     * {@code raft-meta} at term 0 with no vote (or none yet: a node killed while Ratis formatted the directory leaves
     * {@code current/} empty, and Ratis formats it again when it re-opens it), an uncommitted {@code raft-meta.tmp}
     * (which Ratis discards), and empty files in the state machine's directory.
     */
    static boolean isUnconfigured(Path groupDir) throws IOException {
        try (Stream<Path> paths = Files.walk(groupDir)) {
            // Lazily: a group that had a leader holds log segments, and the first one decides.
            for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                String name = groupDir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                boolean unconfigured = switch (name) {
                    case LOCK, RAFT_META_TMP -> true;
                    case RAFT_META -> neverVoted(file);
                    default -> name.startsWith(STATE_MACHINE) && Files.size(file) == 0;
                };
                if (!unconfigured) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Ratis' {@code raft-meta} properties: term 0 and an empty {@code votedFor}. */
    private static boolean neverVoted(Path raftMeta) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(raftMeta)) {
            properties.load(in);
        }
        return "0".equals(properties.getProperty("term")) && properties.getProperty("votedFor", "").isEmpty();
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
