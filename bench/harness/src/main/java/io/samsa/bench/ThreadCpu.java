package io.samsa.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a process's CPU time goes, by thread: a snapshot of user and system time of every thread
 * ({@code /proc/<pid>/task/<tid>/stat}, in clock ticks of 10 ms), and the difference of two
 * snapshots grouped by thread name with the numbers removed (a pool's threads together). This sees
 * what sampling profilers miss: system-call time, JIT compiler and GC threads.
 */
final class ThreadCpu {
    /** Linux's USER_HZ, the unit of the stat times, is 100 on every mainstream architecture. */
    private static final double TICK_SECONDS = 0.01;

    private record Times(String name, long user, long system) {
    }

    private final Map<String, Times> byTid;

    private ThreadCpu(Map<String, Times> byTid) {
        this.byTid = byTid;
    }

    static ThreadCpu snapshot(long pid) throws IOException {
        Map<String, Times> byTid = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // "tid (comm) state ppid ...": comm may hold spaces, so split after its ')'.
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] rest = stat.substring(close + 2).trim().split("\\s+");
                    // After comm: state is field 3; utime and stime are fields 14 and 15.
                    byTid.put(task.getFileName().toString(), new Times(stat.substring(open + 1, close),
                        Long.parseLong(rest[11]), Long.parseLong(rest[12])));
                } catch (NoSuchFileException exited) {
                    // a thread that ended between the listing and the read
                }
            }
        }
        return new ThreadCpu(byTid);
    }

    /** The CPU used since {@code before}, by thread group, busiest first, with a total line. */
    List<String> since(ThreadCpu before, double records) {
        return since(before, records, Map.of());
    }

    /** A thread name with Ratis group ids as G and other digits as N, so that threads of one kind add up. */
    static String generic(String name) {
        return name.replaceAll("group-[0-9A-Fa-f]+", "group-G").replaceAll("\\d+", "N");
    }

    /**
     * As {@link #since(ThreadCpu, double)}, grouping by the Java thread names of {@code javaNames}
     * (by tid, from {@link #javaThreadNames}) where known: the kernel's comm is cut at 15 characters,
     * which makes Ratis' threads ({@code 1@group-1A2B...-SegmentedRaftLogWorker}) indistinguishable.
     */
    List<String> since(ThreadCpu before, double records, Map<String, String> javaNames) {
        Map<String, long[]> groups = new HashMap<>();
        long user = 0;
        long system = 0;
        for (Map.Entry<String, Times> e : byTid.entrySet()) {
            Times now = e.getValue();
            Times then = before.byTid.getOrDefault(e.getKey(), new Times(now.name(), 0, 0));
            long du = now.user() - then.user();
            long ds = now.system() - then.system();
            if (du + ds == 0) {
                continue;
            }
            String name = javaNames.getOrDefault(e.getKey(), now.name());
            long[] g = groups.computeIfAbsent(generic(name), k -> new long[2]);
            g[0] += du;
            g[1] += ds;
            user += du;
            system += ds;
        }
        List<String> out = new ArrayList<>();
        int width = javaNames.isEmpty() ? 24 : 60;
        out.add(String.format(Locale.ROOT, "%-" + width + "s %9s %9s", "thread (comm)", "user s", "system s"));
        groups.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
            .forEach(e -> out.add(String.format(Locale.ROOT, "%-" + width + "s %9.2f %9.2f", e.getKey(),
                e.getValue()[0] * TICK_SECONDS, e.getValue()[1] * TICK_SECONDS)));
        out.add(String.format(Locale.ROOT, "%-" + width + "s %9.2f %9.2f  (%.1f µs per record)", "total", user * TICK_SECONDS,
            system * TICK_SECONDS, (user + system) * TICK_SECONDS * 1e6 / records));
        return out;
    }

    /** Java thread names by tid (decimal), from {@code jcmd <pid> Thread.print}'s {@code "name" ... nid=0x..} lines. */
    static Map<String, String> javaThreadNames(List<String> threadDump) {
        Map<String, String> names = new HashMap<>();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\"(.*)\" .*nid=(0x[0-9a-f]+|\\d+)\\b.*$");
        for (String l : threadDump) {
            java.util.regex.Matcher m = line.matcher(l);
            if (m.matches()) {
                String nid = m.group(2);
                long tid = nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
                names.put(Long.toString(tid), m.group(1));
            }
        }
        return names;
    }
}
