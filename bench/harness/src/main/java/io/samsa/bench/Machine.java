package io.samsa.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine a run measured, as the report prints it: processors, memory, CPU model, kernel, JDK
 * and the disk holding the brokers' data. Absolute figures only mean something next to this.
 */
final class Machine {
    private Machine() {
    }

    static List<String> describe(Path dataDir) {
        List<String> lines = new ArrayList<>();
        lines.add("processors (nproc): " + Runtime.getRuntime().availableProcessors());
        lines.add("memory: " + memTotal());
        lines.add("CPU: " + cpuModel());
        lines.add("kernel: " + System.getProperty("os.name") + " " + System.getProperty("os.version")
            + " " + System.getProperty("os.arch"));
        lines.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + " (" + System.getProperty("java.vendor") + ")");
        lines.add("disk: " + disk(dataDir));
        return lines;
    }

    private static String memTotal() {
        String kib = procField(Path.of("/proc/meminfo"), "MemTotal:");
        if (kib == null) {
            return "unknown";
        }
        long value = Long.parseLong(kib.replace("kB", "").trim());
        return String.format("%.1f GiB", value / 1024.0 / 1024.0);
    }

    private static String cpuModel() {
        String model = procField(Path.of("/proc/cpuinfo"), "model name");
        return model == null ? System.getProperty("os.arch") : model.replaceFirst("^\\s*:\\s*", "");
    }

    private static String disk(Path dir) {
        try {
            FileStore store = Files.getFileStore(dir);
            String device = store.name();
            String base = device.replaceFirst("^/dev/", "").replaceFirst("p?\\d+$", "");
            String rotational = read(Path.of("/sys/block", base, "queue", "rotational"));
            String kind = rotational == null ? "" : ("1".equals(rotational) ? ", rotational flag set" : ", non-rotational");
            String model = read(Path.of("/sys/block", base, "device", "model"));
            return String.format("%s (%s, %.0f GiB, %.0f GiB free%s%s)", device, store.type(),
                store.getTotalSpace() / 1073741824.0, store.getUsableSpace() / 1073741824.0, kind,
                model == null || model.isBlank() ? "" : ", " + model);
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String procField(Path file, String prefix) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
