package io.samsa.broker.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void tasksFromManyThreadsRunOneAtATimeEachThreadsInItsOrder() throws Exception {
        SerialExecutor executor = new SerialExecutor("test");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        int threads = 4;
        int perThread = 2_000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            seen.add(new ArrayList<>()); // each list is only touched by tasks, which never overlap
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread submitter = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    executor.execute(() -> {
                        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                        seen.get(thread).add(n);
                        running.decrementAndGet();
                    });
                }
            });
            submitters.add(submitter);
            submitter.start();
        }
        start.countDown();
        for (Thread submitter : submitters) {
            submitter.join(TimeUnit.SECONDS.toMillis(20));
        }
        assertEquals(1, maxRunning.get(), "never two tasks at once");
        for (List<Integer> ofThread : seen) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add(i);
            }
            assertEquals(expected, ofThread, "every task ran, in submission order");
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheNext() {
        SerialExecutor executor = new SerialExecutor("test");
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        executor.execute(() -> {
            throw new IllegalStateException("boom");
        });
        executor.execute(() -> ran.add("after"));
        assertEquals(List.of("after"), ran);
    }

    @Test
    void aTaskSubmittedByARunningTaskRunsAfterItNotInsideIt() {
        SerialExecutor executor = new SerialExecutor("test");
        List<String> events = new ArrayList<>();
        executor.execute(() -> {
            events.add("outer start");
            executor.execute(() -> events.add("inner"));
            events.add("outer end");
        });
        assertEquals(List.of("outer start", "outer end", "inner"), events);
        assertTrue(events.indexOf("inner") > events.indexOf("outer end"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
