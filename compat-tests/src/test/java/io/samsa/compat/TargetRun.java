package io.samsa.compat;

import io.samsa.compat.broker.BrokerUnderTest;
import io.samsa.compat.client.ClientSession;
import io.samsa.compat.client.ClientUnderTest;
import io.samsa.compat.scenario.ScenarioInfo;
import io.samsa.compat.scenario.ScenarioResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every selected client's batch against one started broker. Clients run side by side in
 * {@code lanes} threads (each client's own scenarios in order, one batch per client), because
 * most of a scenario's time is spent waiting on timers (sessions, long polls, linger); the
 * exclusive scenarios, which stop or kill the broker, then run one client after the other while
 * nothing else runs. Results are futures that the suite's tests wait for in report order.
 *
 * <p>Thread use: {@link #start()} and {@link #await} are called by the test thread; batches run on
 * the lane threads and on one coordinator thread that owns the phases.
 */
final class TargetRun {
    /** The most any result can take to arrive; the scenarios' own timeouts end them much earlier. */
    private static final Duration AWAIT_BOUND = Duration.ofMinutes(14);

    private final BrokerUnderTest broker;
    private final String runTag;
    private final Map<ClientUnderTest, List<ScenarioInfo>> batches;
    private final int lanes;
    private final Map<String, CompletableFuture<ScenarioResult>> results = new LinkedHashMap<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    TargetRun(BrokerUnderTest broker, String runTag, Map<ClientUnderTest, List<ScenarioInfo>> batches, int lanes) {
        this.broker = broker;
        this.runTag = runTag;
        this.batches = batches;
        this.lanes = Math.max(1, lanes);
        batches.forEach((client, scenarios) -> scenarios.forEach(s ->
            results.put(key(client, s), new CompletableFuture<>())));
    }

    private static String key(ClientUnderTest client, ScenarioInfo scenario) {
        return client.name() + "/" + scenario.name();
    }

    /** Starts every batch in the background; call once the broker is ready. */
    void start() {
        Thread coordinator = new Thread(this::runPhases, "compat-" + runTag + "-coordinator");
        coordinator.setDaemon(true);
        coordinator.start();
    }

    /** Fails every scenario at once, e.g. when the broker did not start. */
    void failAll(String why) {
        batches.forEach((client, scenarios) -> scenarios.forEach(s -> complete(client, s,
            failure(client, s, why))));
        finished.complete(null);
    }

    private void runPhases() {
        ExecutorService pool = Executors.newFixedThreadPool(lanes, r -> {
            Thread t = new Thread(r, "compat-" + runTag + "-lane");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Void>> shared = new ArrayList<>();
            batches.forEach((client, scenarios) -> {
                List<ScenarioInfo> batch = scenarios.stream().filter(s -> !s.exclusive()).toList();
                if (!batch.isEmpty()) {
                    shared.add(CompletableFuture.runAsync(() -> runBatch(client, batch), pool));
                }
            });
            CompletableFuture.allOf(shared.toArray(CompletableFuture[]::new)).join();
            batches.forEach((client, scenarios) -> {
                List<ScenarioInfo> batch = scenarios.stream().filter(ScenarioInfo::exclusive).toList();
                if (!batch.isEmpty()) {
                    runBatch(client, batch);
                }
            });
        } catch (RuntimeException | Error e) {
            failAll("the run's coordinator failed: " + e);
        } finally {
            pool.shutdownNow();
            finished.complete(null);
        }
    }

    private void runBatch(ClientUnderTest client, List<ScenarioInfo> batch) {
        String unavailable = client.unavailable().orElse(null);
        if (unavailable != null) {
            batch.forEach(s -> complete(client, s, failure(client, s, "client not available: " + unavailable)));
            return;
        }
        int done = 0;
        try (ClientSession session = client.open(broker, batch, runTag + "-" + client.tag())) {
            for (ScenarioInfo scenario : batch) {
                complete(client, scenario, session.run(scenario));
                done++;
            }
        } catch (Exception | Error e) {
            for (ScenarioInfo scenario : batch.subList(done, batch.size())) {
                complete(client, scenario, failure(client, scenario, "the batch failed: " + e));
            }
        }
    }

    private void complete(ClientUnderTest client, ScenarioInfo scenario, ScenarioResult result) {
        if (results.get(key(client, scenario)).complete(result)) {
            System.out.printf("[compat] %-34s %-40s %-4s %6d ms on %s%n", client.name(), scenario.name(),
                result.status() == ScenarioResult.Status.NOT_APPLICABLE ? "n.a." : result.status().name(),
                result.elapsedMillis(), broker.name());
        }
    }

    private ScenarioResult failure(ClientUnderTest client, ScenarioInfo scenario, String why) {
        return new ScenarioResult(scenario.name(), client.name(), broker.name(), ScenarioResult.Status.FAIL, Map.of(),
            List.of(why), 0);
    }

    /** The result of one client's scenario, waiting for it if its batch is still running. */
    ScenarioResult await(ClientUnderTest client, ScenarioInfo scenario) {
        try {
            return results.get(key(client, scenario)).get(AWAIT_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(client, scenario, "interrupted while waiting for the result");
        } catch (ExecutionException | TimeoutException e) {
            return failure(client, scenario, "no result: " + e);
        }
    }

    /** Waits until every batch has ended (so the broker can be stopped). */
    void awaitEnd() {
        try {
            finished.get(AWAIT_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the results say what went wrong
        }
    }
}
