package io.samsa.embedded.bench;

import io.samsa.embedded.SamsaCluster;

import java.util.Arrays;

/**
 * Measures how long {@code SamsaCluster.builder().nodes(3).start()} takes (a benchmark run by hand, not a test):
 * the first start in the JVM (classes loading) and then warm starts, each until every node serves and has every
 * registration. Usage: {@code java -cp <test classpath> io.samsa.embedded.bench.ClusterStartupBenchmark 5}.
 */
public final class ClusterStartupBenchmark {
    private ClusterStartupBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            try (SamsaCluster cluster = SamsaCluster.builder().nodes(3).start()) {
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            System.out.printf("start %d: %d ms%n", i + 1, ms[i]);
        }
        long[] warm = Arrays.copyOfRange(ms, 1, runs);
        Arrays.sort(warm);
        System.out.printf("first start %d ms; warm starts median %d ms (of %d)%n", ms[0],
                warm.length == 0 ? -1 : warm[warm.length / 2], warm.length);
    }
}
