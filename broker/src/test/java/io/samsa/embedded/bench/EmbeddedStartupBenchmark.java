package io.samsa.embedded.bench;

import io.samsa.broker.testing.RawKafkaClient;
import io.samsa.embedded.SamsaBroker;
import io.samsa.protocol.message.ApiVersionsRequest;
import io.samsa.protocol.message.ApiVersionsResponse;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Measures embedded start-up (a benchmark, run by hand, not a test): the first start in a fresh JVM
 * from JVM launch to the first served request, then warm starts (classes loaded) from
 * {@code builder().start()} to the first served request. Usage (after {@code mvn -o -pl broker
 * test-compile} and {@code dependency:build-classpath -Dmdep.includeScope=test}):
 * <pre>java -cp broker/target/test-classes:broker/target/classes:&lt;test classpath&gt; \
 *   io.samsa.embedded.bench.EmbeddedStartupBenchmark 20</pre>
 * It must be plain {@code java}: inside Maven's JVM (exec:java) the classes are already loaded.
 *
 * <p>The JVM's start time is read only after the first start (the management classes cost a fresh
 * JVM ~20 ms, which would otherwise count). The output's {@code firstAnswerEpochMs} lets a script
 * that noted the launch time compute launch-to-first-answer itself.
 */
public final class EmbeddedStartupBenchmark {
    private EmbeddedStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int warmRuns = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long mainEntered = System.currentTimeMillis();
        long t0 = System.nanoTime();
        long firstMs;
        long answeredAt;
        try (SamsaBroker broker = SamsaBroker.builder().start()) {
            firstRequest(broker);
            firstMs = (System.nanoTime() - t0) / 1_000_000;
            answeredAt = System.currentTimeMillis();
        }
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf("first start: %d ms from JVM launch to first served request (%d ms in main)"
                + " firstAnswerEpochMs=%d%n", mainEntered - jvmStart + firstMs, firstMs, answeredAt);
        if (warmRuns == 0) {
            return;
        }
        long[] warm = new long[warmRuns];
        for (int i = 0; i < warmRuns; i++) {
            long start = System.nanoTime();
            try (SamsaBroker broker = SamsaBroker.builder().start()) {
                firstRequest(broker);
                warm[i] = (System.nanoTime() - start) / 1_000;
            }
        }
        Arrays.sort(warm);
        System.out.printf("warm starts (%d): median %.1f ms, min %.1f ms, max %.1f ms%n", warmRuns,
                warm[warmRuns / 2] / 1000.0, warm[0] / 1000.0, warm[warmRuns - 1] / 1000.0);
    }

    private static void firstRequest(SamsaBroker broker) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient("127.0.0.1", broker.port())) {
            client.call(new ApiVersionsRequest(), new ApiVersionsResponse(), (short) 3);
        }
    }
}
