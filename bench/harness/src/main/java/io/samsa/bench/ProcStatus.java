package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Linux process and system figures from {@code /proc}: a process's resident set, the load average. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** {@code VmRSS} of the process, in MiB. */
    static double rssMiB(long pid) throws IOException {
        return statusKiB(pid, "VmRSS:") / 1024.0;
    }

    /** {@code VmHWM} (peak resident set) of the process, in MiB. */
    static double peakRssMiB(long pid) throws IOException {
        return statusKiB(pid, "VmHWM:") / 1024.0;
    }

    private static long statusKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                String[] parts = line.substring(field.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    /** User plus system CPU time the process has used so far, in seconds (NaN if unknown). */
    static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
            .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** The 1-minute load average (what {@code uptime} prints first), or NaN off Linux. */
    static double loadAverage1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** {@code /proc/loadavg}'s three averages, as {@code uptime} prints them. */
    static String loadAverages() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
