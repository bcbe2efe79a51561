package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The table {@code strace -c} writes (calls per system call), read back to give calls per request. */
final class StraceCounts {
    private static final Pattern ROW = Pattern.compile(
        "^\\s*([\\d.]+)\\s+([\\d.]+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+\\s+)?(\\S+)\\s*$");

    private record Row(String syscall, long calls, double seconds) {
    }

    private final List<Row> rows;

    private StraceCounts(List<Row> rows) {
        this.rows = rows;
    }

    static StraceCounts parse(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(new Row(m.group(6), Long.parseLong(m.group(4)), Double.parseDouble(m.group(2))));
            }
        }
        if (rows.isEmpty()) {
            throw new IOException("no strace -c table in " + file);
        }
        return new StraceCounts(rows);
    }

    /** The busiest system calls with their count per request, the total last. */
    List<String> perRequest(double requests, int top) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%12s %14s  %s", "per request", "calls", "syscall"));
        rows.stream()
            .filter(r -> !r.syscall().equals("total"))
            .sorted(Comparator.comparingLong(Row::calls).reversed())
            .limit(top)
            .forEach(r -> out.add(line(r, requests)));
        rows.stream().filter(r -> r.syscall().equals("total")).findFirst().ifPresent(r -> out.add(line(r, requests)));
        return out;
    }

    /**
     * As {@link #perRequest(double, int)} with the time spent in each call as strace measured it
     * (traced, so slower than untraced), for seeing where a thread blocks: fsync, futex, epoll.
     */
    List<String> perRequestWithTime(double requests, int top) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%12s %14s %10s %12s  %s", "per request", "calls", "seconds", "µs per call",
            "syscall"));
        rows.stream()
            .filter(r -> !r.syscall().equals("total"))
            .sorted(Comparator.comparingLong(Row::calls).reversed())
            .limit(top)
            .forEach(r -> out.add(timedLine(r, requests)));
        rows.stream().filter(r -> r.syscall().equals("total")).findFirst().ifPresent(r -> out.add(timedLine(r, requests)));
        return out;
    }

    /** Calls of the named system calls together (e.g. fsync and fdatasync). */
    long calls(String... syscalls) {
        List<String> names = List.of(syscalls);
        return rows.stream().filter(r -> names.contains(r.syscall())).mapToLong(Row::calls).sum();
    }

    private static String timedLine(Row row, double requests) {
        return String.format(Locale.ROOT, "%12.2f %,14d %10.3f %12.1f  %s", row.calls() / requests, row.calls(),
            row.seconds(), row.calls() == 0 ? 0 : row.seconds() * 1e6 / row.calls(), row.syscall());
    }

    private static String line(Row row, double requests) {
        return String.format(Locale.ROOT, "%12.2f %,14d  %s", row.calls() / requests, row.calls(), row.syscall());
    }
}
