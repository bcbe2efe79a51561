package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording of a broker under load shows, summarised by frames (the same data as
 * {@code jfr print --events jdk.ExecutionSample / jdk.ObjectAllocationSample}, aggregated): CPU
 * samples by top frame and by the Samsa (or Kafka) methods on the stack, where threads sit in native
 * code (JFR samples only threads running Java code as CPU samples), allocation by class and
 * site with the total per record, contended monitors, Java-level file and socket I/O calls, and GC.
 */
final class JfrSummary {
    /** Frames of these packages are "ours": the first of them on a stack names the site. */
    private static final List<String> OWN_PACKAGES = List.of("io.samsa.", "kafka.", "org.apache.kafka.", "org.apache.ratis.");

    private final Path file;
    private final long records;
    private Instant first = Instant.MAX;
    private Instant last = Instant.MIN;
    private long executionSamples;
    private final Map<String, Long> selfFrames = new HashMap<>();
    private final Map<String, Long> ownInclusive = new HashMap<>();
    private final Map<String, Long> samplesByThread = new HashMap<>();
    private long nativeSamples;
    private final Map<String, Long> nativeSites = new HashMap<>();
    private double sampledAllocationBytes;
    private final Map<String, Double> allocationByClass = new HashMap<>();
    private final Map<String, Double> allocationBySite = new HashMap<>();
    private final Map<Long, long[]> threadAllocated = new HashMap<>();
    private final Map<String, long[]> monitors = new HashMap<>();
    private final Map<String, long[]> io = new HashMap<>();
    private long gcCount;
    private Duration gcPause = Duration.ZERO;

    private JfrSummary(Path file, long records) {
        this.file = file;
        this.records = records;
    }

    /** Reads the whole recording; {@code records} is how many records the load moved (for per-record figures). */
    static JfrSummary of(Path file, long records) throws IOException {
        JfrSummary summary = new JfrSummary(file, records);
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            summary.accept(event);
        }
        return summary;
    }

    private void accept(RecordedEvent event) {
        String type = event.getEventType().getName();
        if (isRecorderThread(event)) {
            return;
        }
        if (event.getStartTime().isBefore(first)) {
            first = event.getStartTime();
        }
        if (event.getEndTime().isAfter(last)) {
            last = event.getEndTime();
        }
        switch (type) {
            case "jdk.ExecutionSample" -> executionSample(event);
            case "jdk.NativeMethodSample" -> {
                nativeSamples++;
                nativeSites.merge(threadGroup(event.getThread("sampledThread")) + ": " + site(event.getStackTrace()),
                    1L, Long::sum);
            }
            case "jdk.ObjectAllocationSample" -> allocationSample(event);
            case "jdk.ThreadAllocationStatistics" -> threadAllocation(event);
            case "jdk.JavaMonitorEnter" -> add(monitors, className(event, "monitorClass") + " at " + site(event.getStackTrace()),
                event.getDuration().toNanos());
            case "jdk.FileWrite", "jdk.FileRead", "jdk.SocketWrite", "jdk.SocketRead" -> add(io,
                type.substring(4) + " at " + site(event.getStackTrace()),
                event.getLong(type.endsWith("Write") ? "bytesWritten" : "bytesRead"));
            case "jdk.GarbageCollection" -> {
                gcCount++;
                gcPause = gcPause.plus(event.getDuration("sumOfPauses"));
            }
            default -> {
                // other events of the profile settings are not summarised
            }
        }
    }

    private void executionSample(RecordedEvent event) {
        executionSamples++;
        RecordedStackTrace stack = event.getStackTrace();
        RecordedThread thread = event.getThread("sampledThread");
        samplesByThread.merge(threadGroup(thread), 1L, Long::sum);
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        selfFrames.merge(method(stack.getFrames().get(0)), 1L, Long::sum);
        Set<String> own = new LinkedHashSet<>();
        for (RecordedFrame frame : stack.getFrames()) {
            if (isOwn(frame)) {
                own.add(method(frame));
            }
        }
        own.forEach(m -> ownInclusive.merge(m, 1L, Long::sum));
    }

    private void allocationSample(RecordedEvent event) {
        double weight = event.getLong("weight");
        sampledAllocationBytes += weight;
        allocationByClass.merge(className(event, "objectClass"), weight, Double::sum);
        allocationBySite.merge(site(event.getStackTrace()), weight, Double::sum);
    }

    private void threadAllocation(RecordedEvent event) {
        long allocated = event.getLong("allocated");
        RecordedThread thread = event.getThread("thread");
        long id = thread == null ? -1 : thread.getJavaThreadId();
        long[] range = threadAllocated.computeIfAbsent(id, k -> new long[] {allocated, allocated});
        range[0] = Math.min(range[0], allocated);
        range[1] = Math.max(range[1], allocated);
    }

    /** The allocation of all threads during the recording (exact, from the per-thread counters). */
    long allocatedBytes() {
        return threadAllocated.values().stream().mapToLong(r -> r[1] - r[0]).sum();
    }

    String format(int top) {
        StringBuilder out = new StringBuilder();
        double seconds = Math.max(1e-9, Duration.between(first, last).toNanos() / 1e9);
        out.append(String.format(Locale.ROOT, "### %s (%.1f s)%n%n", file.getFileName(), seconds));
        out.append(String.format(Locale.ROOT, "- CPU samples: %,d; GC: %d collections, %.0f ms of pauses%n",
            executionSamples, gcCount, gcPause.toNanos() / 1e6));
        long allocated = allocatedBytes();
        out.append(String.format(Locale.ROOT, "- allocated: %,.1f MiB (%,.0f MiB/s)%s; sampled allocation weight %,.1f MiB%n",
            allocated / 1048576.0, allocated / 1048576.0 / seconds,
            records > 0 && records != Long.MAX_VALUE ? String.format(Locale.ROOT, ", %,.0f bytes per record", allocated / (double) records) : "",
            sampledAllocationBytes / 1048576.0));
        out.append(System.lineSeparator()).append("CPU samples by thread:").append(System.lineSeparator());
        table(out, samplesByThread.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> (double) e.getValue())),
            executionSamples, top, "samples");
        out.append(System.lineSeparator()).append("Top frames (self):").append(System.lineSeparator());
        table(out, toDouble(selfFrames), executionSamples, top, "samples");
        out.append(System.lineSeparator()).append("Broker methods on the stack (inclusive):").append(System.lineSeparator());
        table(out, toDouble(ownInclusive), executionSamples, top, "samples");
        out.append(System.lineSeparator()).append(String.format(Locale.ROOT,
            "Threads sampled in native code (%,d samples; where they wait or do I/O):%n", nativeSamples));
        table(out, toDouble(nativeSites), nativeSamples, top / 2, "samples");
        out.append(System.lineSeparator()).append("Allocation by class (sampled weight):").append(System.lineSeparator());
        table(out, allocationByClass, sampledAllocationBytes, top / 2, "MiB");
        out.append(System.lineSeparator()).append("Allocation by site (first broker frame):").append(System.lineSeparator());
        table(out, allocationBySite, sampledAllocationBytes, top / 2, "MiB");
        out.append(System.lineSeparator()).append("Contended monitors (count, total ms):").append(System.lineSeparator());
        counted(out, monitors, top / 2, 1e6, "ms");
        out.append(System.lineSeparator()).append("Java-level file/socket calls (count, bytes):").append(System.lineSeparator());
        counted(out, io, top / 2, 1, "bytes");
        return out.toString();
    }

    private static void table(StringBuilder out, Map<String, Double> counts, double total, int top, String unit) {
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .limit(top)
            .forEach(e -> out.append(String.format(Locale.ROOT, "  %6.1f%%  %12s  %s%n", 100 * e.getValue() / Math.max(1, total),
                unit.equals("MiB") ? String.format(Locale.ROOT, "%,.1f MiB", e.getValue() / 1048576.0)
                    : String.format(Locale.ROOT, "%,.0f", e.getValue()), e.getKey())));
    }

    private static void counted(StringBuilder out, Map<String, long[]> counts, int top, double divisor, String unit) {
        if (counts.isEmpty()) {
            out.append("  (none)").append(System.lineSeparator());
        }
        counts.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
            .limit(top)
            .forEach(e -> out.append(String.format(Locale.ROOT, "  %,10d  %,14.0f %s  %s%n", e.getValue()[0],
                e.getValue()[1] / divisor, unit, e.getKey())));
    }

    private static void add(Map<String, long[]> map, String key, long amount) {
        long[] value = map.computeIfAbsent(key, k -> new long[2]);
        value[0]++;
        value[1] += amount;
    }

    private static Map<String, Double> toDouble(Map<String, Long> counts) {
        return counts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> (double) e.getValue()));
    }

    private static String method(RecordedFrame frame) {
        if (frame.getMethod() == null) {
            return "?";
        }
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static boolean isOwn(RecordedFrame frame) {
        if (frame.getMethod() == null) {
            return false;
        }
        String type = frame.getMethod().getType().getName();
        return OWN_PACKAGES.stream().anyMatch(type::startsWith);
    }

    /** The top frame, and the first broker frame below it when the top is library code. */
    private static String site(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        List<RecordedFrame> frames = stack.getFrames();
        String top = method(frames.get(0));
        if (isOwn(frames.get(0))) {
            return top + ":" + frames.get(0).getLineNumber();
        }
        for (RecordedFrame frame : frames) {
            if (isOwn(frame)) {
                return top + " ← " + method(frame) + ":" + frame.getLineNumber();
            }
        }
        return top;
    }

    private static String className(RecordedEvent event, String field) {
        jdk.jfr.consumer.RecordedClass type = event.getClass(field);
        return type == null ? "?" : type.getName();
    }

    /**
     * JFR's own work (the jcmd attach thread starting the recording, the recorder threads) is not
     * the broker's; their first allocation sample also carries the weight of everything the thread
     * allocated before the recording.
     */
    private static boolean isRecorderThread(RecordedEvent event) {
        for (String field : new String[] {"eventThread", "sampledThread", "thread"}) {
            if (event.hasField(field)) {
                RecordedThread thread = event.getThread(field);
                String name = thread == null ? null : thread.getJavaName();
                if (name != null && (name.equals("Attach Listener") || name.startsWith("JFR "))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A thread's name without its numbers, so that a pool's threads count together. */
    private static String threadGroup(RecordedThread thread) {
        if (thread == null) {
            return "?";
        }
        String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name == null ? "?" : name.replaceAll("\\d+", "N");
    }
}
