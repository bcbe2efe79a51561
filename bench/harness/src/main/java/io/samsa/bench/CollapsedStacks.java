package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An async-profiler CPU profile in its "collapsed" form (one line per distinct stack: frames joined
 * by ';', root first, then the sample count), summarised by thread, by self frame and by inclusive
 * frame. Unlike JFR's method sampling, async-profiler samples every running thread, native and
 * compiler threads included, so the shares add up to the process's CPU time.
 */
final class CollapsedStacks {
    private final Map<String, Long> byThread = new HashMap<>();
    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> inclusive = new HashMap<>();
    private long total;

    static CollapsedStacks of(Path file) throws IOException {
        CollapsedStacks stacks = new CollapsedStacks();
        for (String line : Files.readAllLines(file)) {
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                stacks.add(line.substring(0, space).split(";"), Long.parseLong(line.substring(space + 1)));
            }
        }
        return stacks;
    }

    private void add(String[] frames, long samples) {
        total += samples;
        int first = 0;
        if (frames[0].startsWith("[") && frames[0].endsWith("]")) {
            byThread.merge(threadName(frames[0]), samples, Long::sum);
            first = 1;
        }
        if (first < frames.length) {
            self.merge(frames[frames.length - 1], samples, Long::sum);
        }
        Set<String> seen = new HashSet<>();
        for (int i = first; i < frames.length; i++) {
            if (seen.add(frames[i])) {
                inclusive.merge(frames[i], samples, Long::sum);
            }
        }
    }

    /** "[grpc-default-executor-3 tid=1234]" as "grpc-default-executor-N". */
    private static String threadName(String frame) {
        String name = frame.substring(1, frame.length() - 1);
        int tid = name.lastIndexOf(" tid=");
        if (tid >= 0) {
            name = name.substring(0, tid);
        }
        return ThreadCpu.generic(name);
    }

    /**
     * @param intervalMillis the sampling interval, to turn samples into CPU seconds
     * @param records the records produced while sampling, for the per-record figure
     */
    List<String> format(int top, double intervalMillis, long records) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "async-profiler CPU samples: %,d (%.2f s of CPU at %.0f ms each, "
            + "%.1f µs per record)", total, total * intervalMillis / 1000, intervalMillis,
            total * intervalMillis * 1000 / records));
        section(out, "By thread (digits as N, Ratis group ids as G):", byThread, top);
        section(out, "Top frames (self):", self, top);
        section(out, "Top frames (inclusive):", inclusive, top);
        return out;
    }

    private void section(List<String> out, String title, Map<String, Long> counts, int top) {
        out.add("");
        out.add(title);
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
            .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((name, n) -> out.add(String.format(Locale.ROOT, "  %5.1f%% %8d  %s",
            100.0 * n / total, n, name)));
    }
}
