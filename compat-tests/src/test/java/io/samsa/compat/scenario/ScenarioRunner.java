package io.samsa.compat.scenario;

import io.samsa.compat.broker.BrokerUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Runs scenarios against one started broker with one client, each on its own thread under its
 * timeout, and turns whatever happens (expectations, exceptions, a hang) into a
 * {@link ScenarioResult}. Holds the run's shared AdminClient, which survives broker restarts.
 *
 * <p>Used from one test thread.
 */
public final class ScenarioRunner implements AutoCloseable {
    private static final int STACK_FRAMES = 6;

    private final BrokerUnderTest broker;
    private final String client;
    private final String runTag;
    private Admin admin;

    public ScenarioRunner(BrokerUnderTest broker, String client, String runTag) {
        this.broker = broker;
        this.client = client;
        this.runTag = runTag;
    }

    public ScenarioResult run(Scenario scenario) {
        ClientRequirement requirement = scenario.requirement();
        if (requirement != null && !requirement.metBy(JavaClientScenarios.VERSION)) {
            return new ScenarioResult(scenario.name(), client, broker.name(), ScenarioResult.Status.NOT_APPLICABLE,
                Map.of(), List.of(requirement.reason(JavaClientScenarios.VERSION)), 0);
        }
        Observations out = new Observations();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        ScenarioContext ctx = new ScenarioContext(scenario.name(), broker, admin(), runTag);
        FutureTask<Void> task = new FutureTask<>(() -> {
            scenario.body().run(ctx, out);
            return null;
        });
        Thread thread = new Thread(task, "scenario-" + scenario.name());
        thread.setDaemon(true);
        thread.start();
        try {
            task.get(scenario.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Unsupported unsupported) {
                return new ScenarioResult(scenario.name(), client, broker.name(), ScenarioResult.Status.NOT_APPLICABLE,
                    Map.of(), List.of(unsupported.getMessage()), 0);
            }
            failures.add(describe(e.getCause()));
        } catch (TimeoutException e) {
            failures.add("timed out after " + scenario.timeout().toSeconds() + " s");
            thread.interrupt();
            ctx.wakeUpConsumers();
            join(thread);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
        } finally {
            ctx.close();
        }
        List<String> all = new ArrayList<>(out.failures());
        all.addAll(failures);
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        return new ScenarioResult(scenario.name(), client, broker.name(),
            all.isEmpty() ? ScenarioResult.Status.PASS : ScenarioResult.Status.FAIL, out.fields(), all, elapsed);
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "compat-admin-" + runTag,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
        }
        return admin;
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The exception and the scenario-code frames that led to it. */
    static String describe(Throwable thrown) {
        Throwable cause = Outcome.cause(thrown);
        StringBuilder text = new StringBuilder(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        int shown = 0;
        for (StackTraceElement frame : thrown.getStackTrace()) {
            if (frame.getClassName().startsWith("io.samsa.compat") && shown++ < STACK_FRAMES) {
                text.append(" @").append(frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1))
                    .append(':').append(frame.getLineNumber());
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }
}
