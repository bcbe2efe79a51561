package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JMH's CSV results ({@code -rf csv}) as a Markdown table: one row per benchmark and parameter set,
 * operations per second, and MB/s where the benchmark counts bytes (its {@code :bytes} secondary
 * result, bytes per second).
 */
final class JmhSummary {
    private JmhSummary() {
    }

    private static final class Row {
        String name;
        String params;
        double ops = Double.NaN;
        double opsError = Double.NaN;
        double bytes = Double.NaN;
    }

    static List<String> format(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            throw new IOException(csv + " is empty");
        }
        List<String> header = split(lines.get(0));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = split(line);
            String benchmark = f.get(0).replaceFirst("^io\\.samsa\\.bench\\.jmh\\.", "");
            List<String> params = new ArrayList<>();
            for (int i = 7; i < f.size(); i++) {
                if (!f.get(i).isEmpty()) {
                    params.add(header.get(i).replaceFirst("^Param: ", "") + "=" + f.get(i));
                }
            }
            boolean bytes = benchmark.endsWith(":bytes");
            String name = bytes ? benchmark.substring(0, benchmark.length() - ":bytes".length()) : benchmark;
            Row row = rows.computeIfAbsent(name + " " + params, k -> new Row());
            row.name = name;
            row.params = String.join(", ", params);
            double score = Double.parseDouble(f.get(4));
            if (bytes) {
                row.bytes = score;
            } else {
                row.ops = score;
                row.opsError = parse(f.get(5));
            }
        }
        List<String> out = new ArrayList<>();
        out.add("| benchmark | parameters | ops/s | ± (99.9 %) | MB/s |");
        out.add("|---|---|---:|---:|---:|");
        for (Row row : rows.values()) {
            out.add(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s |", row.name, row.params, row.ops,
                Double.isNaN(row.opsError) ? "–" : String.format(Locale.ROOT, "%,.0f", row.opsError),
                Double.isNaN(row.bytes) ? "–" : String.format(Locale.ROOT, "%,.0f", row.bytes / 1e6)));
        }
        return out;
    }

    private static double parse(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** One CSV line of JMH's: fields separated by commas, strings in double quotes without commas. */
    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        for (String field : line.split(",", -1)) {
            fields.add(field.replaceAll("^\"|\"$", ""));
        }
        return fields;
    }
}
