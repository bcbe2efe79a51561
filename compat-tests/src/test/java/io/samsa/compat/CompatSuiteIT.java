package io.samsa.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.samsa.compat.broker.ApacheKafkaBroker;
import io.samsa.compat.broker.BrokerUnderTest;
import io.samsa.compat.broker.SamsaBroker;
import io.samsa.compat.diff.AllowList;
import io.samsa.compat.diff.Differ;
import io.samsa.compat.diff.Difference;
import io.samsa.compat.report.CompatReport;
import io.samsa.compat.scenario.JavaClientScenarios;
import io.samsa.compat.scenario.Scenario;
import io.samsa.compat.scenario.ScenarioResult;
import io.samsa.compat.scenario.ScenarioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The compatibility suite: every Java-client scenario against real Apache Kafka (the reference,
 * which proves the scenarios), then against the targets named by {@code compat.targets}, each
 * compared field by field with the reference under the allow-list:
 * <ul>
 *   <li>{@code kafka}: a second, independent Kafka broker (a different cluster). It must agree
 *       with the reference except for allow-listed per-run values: the test of the differential
 *       machinery itself, and a guard against scenarios that observe nondeterminism.</li>
 *   <li>{@code samsa}: {@code broker/target/samsa.jar}. A missing jar fails the run.</li>
 * </ul>
 * Each broker starts once per run, not per scenario. Writes {@code compat-report.md} and
 * {@code compat-results.json} to {@code compat.report.dir} at the end.
 *
 * <p>System properties: {@code compat.targets} (default {@code samsa}), {@code compat.scenarios}
 * (comma-separated names or globs), {@code compat.allowlist}, {@code compat.report.dir},
 * {@code compat.work.dir}, {@code compat.samsa.jar}, {@code compat.keep.work}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompatSuiteIT {
    private final Path workDir = Path.of(System.getProperty("compat.work.dir", "target/compat-work"));
    private final Path reportDir = Path.of(System.getProperty("compat.report.dir", "target"));
    private final Set<String> targets = Stream.of(System.getProperty("compat.targets", "samsa").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    private final List<Scenario> scenarios = JavaClientScenarios.selected(System.getProperty("compat.scenarios"));
    private final CompatReport report = new CompatReport(scenarios);
    private final Map<String, ScenarioResult> reference = new LinkedHashMap<>();
    private final long suiteStart = System.nanoTime();
    private AllowList allowList;

    @BeforeAll
    void loadAllowList() throws IOException {
        Path file = Path.of(System.getProperty("compat.allowlist", "compat-allowlist.txt"));
        allowList = Files.exists(file) ? AllowList.load(file) : AllowList.empty();
        assertTrue(!scenarios.isEmpty(), "compat.scenarios selects no scenario");
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> apacheKafkaReference() {
        return targetRun(new ApacheKafkaBroker(workDir), "ref", false);
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> apacheKafkaAgainstReference() {
        Assumptions.assumeTrue(targets.contains("kafka"), "compat.targets does not include kafka");
        return targetRun(new ApacheKafkaBroker(workDir, "apache-kafka-" + ApacheKafkaBroker.VERSION + "-again",
            java.time.Duration.ofSeconds(90)), "again", true);
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> samsaAgainstReference() {
        Assumptions.assumeTrue(targets.contains("samsa"), "compat.targets does not include samsa");
        return targetRun(new SamsaBroker(SamsaBroker.defaultJar(), workDir), "samsa", true);
    }

    /** start, one test per scenario, stop: run in this order by JUnit as the stream is consumed. */
    private Stream<DynamicTest> targetRun(BrokerUnderTest broker, String tag, boolean compare) {
        List<ScenarioResult> results = new ArrayList<>();
        List<Difference> differences = new ArrayList<>();
        ScenarioRunner runner = new ScenarioRunner(broker, JavaClientScenarios.CLIENT, tag);
        List<DynamicTest> tests = new ArrayList<>();
        long[] startupMillis = {0};
        tests.add(DynamicTest.dynamicTest("start " + broker.name(), () -> {
            broker.start();
            startupMillis[0] = broker.lastStartupTime().toMillis();
            System.out.printf("[compat] %s ready in %d ms at %s (pid %d)%n", broker.name(),
                broker.lastStartupTime().toMillis(), broker.bootstrapServers(), broker.pid());
        }));
        for (Scenario scenario : scenarios) {
            tests.add(DynamicTest.dynamicTest(scenario.name(), () -> {
                if (!broker.isRunning()) {
                    fail(broker.name() + " is not running (see the start test or the previous scenario)");
                }
                ScenarioResult result = runner.run(scenario);
                results.add(result);
                System.out.printf("[compat] %-40s %-4s %6d ms on %s%n", scenario.name(), result.status(),
                    result.elapsedMillis(), broker.name());
                if (!compare) {
                    reference.put(scenario.name(), result);
                    if (!result.passed()) {
                        fail(String.join("\n", result.failures()));
                    }
                    return;
                }
                ScenarioResult ref = reference.get(scenario.name());
                if (ref == null) {
                    fail("no reference result for " + scenario.name());
                }
                List<Difference> found = Differ.compare(ref, result, allowList);
                differences.addAll(found);
                List<Difference> unexplained = Differ.unexplained(found);
                if (!unexplained.isEmpty()) {
                    fail("differences from " + ref.target() + ":\n" + unexplained.stream().map(Difference::toString)
                        .collect(Collectors.joining("\n")) + (result.failures().isEmpty() ? ""
                        : "\nfailures: " + String.join("\n", result.failures())));
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("stop " + broker.name(), () -> {
            runner.close();
            String leaks = broker.logFile() == null || !Files.exists(broker.logFile()) ? ""
                : Files.readAllLines(broker.logFile()).stream().filter(l -> l.contains("LEAK:"))
                    .collect(Collectors.joining("\n"));
            // Keep the broker's data, config and log for a post-mortem when anything went wrong.
            boolean keep = Boolean.getBoolean("compat.keep.work") || results.size() != scenarios.size()
                || results.stream().anyMatch(r -> r.status() == ScenarioResult.Status.FAIL);
            if (keep && broker.logFile() != null) {
                System.out.println("[compat] kept " + broker.name() + "'s work directory: " + broker.logFile().getParent());
            }
            broker.close(keep);
            report.add(new CompatReport.Run(broker.name(), JavaClientScenarios.CLIENT, startupMillis[0], results));
            if (compare) {
                report.add(new CompatReport.Comparison(reference.values().stream().findFirst()
                    .map(ScenarioResult::target).orElse("?"), broker.name(), differences));
            }
            assertTrue(leaks.isEmpty(), "buffer leaks reported by " + broker.name() + ":\n" + leaks);
        }));
        return tests.stream();
    }

    @AfterAll
    void writeReport() throws IOException {
        long totalMillis = (System.nanoTime() - suiteStart) / 1_000_000;
        report.note("suite wall time " + String.format(java.util.Locale.ROOT, "%.1f s", totalMillis / 1000.0)
            + " (JVM " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores)");
        report.write(reportDir);
        System.out.println("[compat] report: " + reportDir.resolve("compat-report.md").toAbsolutePath());
    }
}
