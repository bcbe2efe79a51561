package io.samsa.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.samsa.compat.broker.ApacheKafkaBroker;
import io.samsa.compat.broker.BrokerUnderTest;
import io.samsa.compat.broker.ContainerKafkaBroker;
import io.samsa.compat.broker.SamsaBroker;
import io.samsa.compat.client.ClientUnderTest;
import io.samsa.compat.client.Clients;
import io.samsa.compat.diff.AllowList;
import io.samsa.compat.diff.Differ;
import io.samsa.compat.diff.Difference;
import io.samsa.compat.diff.KnownGaps;
import io.samsa.compat.report.CompatReport;
import io.samsa.compat.scenario.Glob;
import io.samsa.compat.scenario.ScenarioInfo;
import io.samsa.compat.scenario.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The compatibility suite: every client of the matrix (see {@link Clients}) runs its scenarios
 * against real Apache Kafka (the reference, which proves the scenarios), then against the targets
 * named by {@code compat.targets}; each client's results on a target are compared field by field
 * with the same client's results on the reference, under the allow-list:
 * <ul>
 *   <li>{@code samsa}: {@code broker/target/samsa.jar}. A missing jar fails the run.</li>
 *   <li>{@code container}: the {@code apache/kafka} image through Testcontainers, when a Docker
 *       engine runs; otherwise skipped, and the report says so.</li>
 *   <li>{@code kafka}: a second, independent Kafka broker (a different cluster). It must agree
 *       with the reference except for allow-listed per-run values: the test of the differential
 *       machinery itself, and a guard against scenarios that observe nondeterminism.</li>
 * </ul>
 * Each broker starts once per run; the clients' batches run side by side against it (see
 * {@link TargetRun}). Writes {@code compat-report.md} and {@code compat-results.json} to
 * {@code compat.report.dir} at the end.
 *
 * <p>Scenarios listed in {@code compat-known-gaps.txt} (known Samsa bugs and missing features) are
 * left out unless {@code compat.run.known.gaps} is true; the report lists them with their reason.
 *
 * <p>System properties: {@code compat.targets} (default {@code samsa,container}),
 * {@code compat.clients} and {@code compat.scenarios} (comma-separated names or globs),
 * {@code compat.lanes} (clients run side by side, default 3), {@code compat.allowlist},
 * {@code compat.report.dir}, {@code compat.work.dir}, {@code compat.samsa.jar},
 * {@code compat.keep.work}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompatSuiteIT {
    private final Path workDir = Path.of(System.getProperty("compat.work.dir", "target/compat-work"));
    private final Path reportDir = Path.of(System.getProperty("compat.report.dir", "target"));
    private final Set<String> targets = Stream.of(System.getProperty("compat.targets", "samsa,container").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    private final int lanes = Integer.getInteger("compat.lanes", 3);
    private final long suiteStart = System.nanoTime();
    private final Map<String, Map<String, ScenarioResult>> reference = new HashMap<>();
    private List<ClientUnderTest> clients;
    private Map<ClientUnderTest, List<ScenarioInfo>> batches;
    private CompatReport report;
    private AllowList allowList;
    private KnownGaps knownGaps;

    @BeforeAll
    void setUp() throws IOException {
        Path file = Path.of(System.getProperty("compat.allowlist", "compat-allowlist.txt"));
        allowList = Files.exists(file) ? AllowList.load(file) : AllowList.empty();
        Path gapsFile = Path.of(System.getProperty("compat.known.gaps", "compat-known-gaps.txt"));
        knownGaps = Files.exists(gapsFile) ? KnownGaps.load(gapsFile) : KnownGaps.none();
        boolean runGaps = Boolean.getBoolean("compat.run.known.gaps");
        clients = Clients.fromSystemProperties(workDir.resolve("clients").toAbsolutePath())
            .selected(System.getProperty("compat.clients"));
        String filter = System.getProperty("compat.scenarios");
        batches = new LinkedHashMap<>();
        List<CompatReport.Client> columns = new ArrayList<>();
        List<List<ScenarioInfo>> lists = new ArrayList<>();
        for (ClientUnderTest client : clients) {
            List<ScenarioInfo> selected = client.scenarios().stream().filter(s -> selected(filter, s)).toList();
            Map<String, String> gaps = new LinkedHashMap<>();
            if (!runGaps) {
                selected.forEach(s -> knownGaps.find(client.name(), s.name()).ifPresent(g -> gaps.put(s.name(), g.reason())));
                selected = selected.stream().filter(s -> !gaps.containsKey(s.name())).toList();
            }
            batches.put(client, selected);
            lists.add(client.scenarios());
            columns.add(new CompatReport.Client(client.name(), CompatReport.names(selected),
                client.unavailable().orElse(null), gaps));
        }
        report = new CompatReport(CompatReport.catalog(lists), columns);
        assertTrue(batches.values().stream().anyMatch(list -> !list.isEmpty()),
            "compat.clients / compat.scenarios select no scenario");
    }

    private static boolean selected(String filter, ScenarioInfo scenario) {
        return filter == null || filter.isBlank()
            || Stream.of(filter.split(",")).anyMatch(p -> Glob.matches(p.trim(), scenario.name()));
    }

    @TestFactory
    @Order(0)
    Stream<DynamicNode> clientsAreInstalled() {
        return clients.stream().map(client -> DynamicTest.dynamicTest(client.name() + " is installed", () ->
            client.unavailable().ifPresent(why -> fail(client.name() + " cannot run: " + why
                + " (.ci/run installs every client; -Dcompat.clients selects some)"))));
    }

    @TestFactory
    @Order(1)
    Stream<DynamicNode> apacheKafkaReference() {
        ApacheKafkaBroker broker = new ApacheKafkaBroker(workDir);
        report.reference(broker.name());
        return targetRun(broker, "ref", false);
    }

    @TestFactory
    @Order(2)
    Stream<DynamicNode> samsaAgainstReference() {
        Assumptions.assumeTrue(targets.contains("samsa"), "compat.targets does not include samsa");
        return targetRun(new SamsaBroker(SamsaBroker.defaultJar(), workDir), "samsa", true);
    }

    @TestFactory
    @Order(3)
    Stream<DynamicNode> containerAgainstReference() {
        Assumptions.assumeTrue(targets.contains("container"), "compat.targets does not include container");
        String image = System.getProperty("compat.container.image", "apache/kafka:" + ApacheKafkaBroker.VERSION);
        String noDocker = ContainerKafkaBroker.dockerUnavailable();
        if (noDocker != null) {
            report.note("target " + image + " (Testcontainers): **skipped**, " + noDocker);
            return Stream.of(DynamicTest.dynamicTest("target " + image + " (Testcontainers)",
                () -> Assumptions.abort("skipped: " + noDocker)));
        }
        return targetRun(new ContainerKafkaBroker(image), "ctr", true);
    }

    @TestFactory
    @Order(4)
    Stream<DynamicNode> apacheKafkaAgainstReference() {
        Assumptions.assumeTrue(targets.contains("kafka"), "compat.targets does not include kafka");
        return targetRun(new ApacheKafkaBroker(workDir, "apache-kafka-" + ApacheKafkaBroker.VERSION + "-again",
            Duration.ofSeconds(90)), "again", true);
    }

    /** start, every client's scenarios (run side by side, reported in order), stop. */
    private Stream<DynamicNode> targetRun(BrokerUnderTest broker, String tag, boolean compare) {
        TargetRun run = new TargetRun(broker, tag, batches, lanes);
        long[] startupMillis = {0};
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("start " + broker.name(), () -> {
            try {
                broker.start();
            } catch (RuntimeException e) {
                run.failAll(broker.name() + " did not start: " + e.getMessage());
                throw e;
            }
            startupMillis[0] = broker.lastStartupTime().toMillis();
            System.out.printf("[compat] %s ready in %d ms at %s (pid %d)%n", broker.name(),
                broker.lastStartupTime().toMillis(), broker.bootstrapServers(), broker.pid());
            run.start();
        }));
        Map<String, List<ScenarioResult>> results = new LinkedHashMap<>();
        Map<String, List<Difference>> differences = new LinkedHashMap<>();
        for (ClientUnderTest client : clients) {
            List<ScenarioResult> clientResults = new ArrayList<>();
            List<Difference> clientDifferences = new ArrayList<>();
            results.put(client.name(), clientResults);
            differences.put(client.name(), clientDifferences);
            List<DynamicTest> tests = new ArrayList<>();
            for (ScenarioInfo scenario : batches.get(client)) {
                tests.add(DynamicTest.dynamicTest(scenario.name(), () -> {
                    ScenarioResult result = run.await(client, scenario);
                    clientResults.add(result);
                    check(client, result, compare, clientDifferences);
                }));
            }
            nodes.add(DynamicContainer.dynamicContainer(client.name(), tests));
        }
        nodes.add(DynamicTest.dynamicTest("stop " + broker.name(), () -> {
            run.awaitEnd();
            String leaks = broker.logFile() == null || !Files.exists(broker.logFile()) ? ""
                : Files.readAllLines(broker.logFile()).stream().filter(l -> l.contains("LEAK:"))
                    .collect(Collectors.joining("\n"));
            // Keep the broker's data, config and log for a post-mortem when anything went wrong.
            boolean keep = Boolean.getBoolean("compat.keep.work") || results.values().stream().flatMap(List::stream)
                .anyMatch(r -> r.status() == ScenarioResult.Status.FAIL);
            if (keep && broker.logFile() != null) {
                System.out.println("[compat] kept " + broker.name() + "'s work directory: " + broker.logFile().getParent());
            }
            broker.close(keep);
            for (ClientUnderTest client : clients) {
                if (batches.get(client).isEmpty()) {
                    continue;
                }
                report.add(new CompatReport.Run(broker.name(), client.name(), startupMillis[0], results.get(client.name())));
                if (compare) {
                    report.add(new CompatReport.Comparison(client.name(), referenceName(), broker.name(),
                        differences.get(client.name())));
                }
            }
            assertTrue(leaks.isEmpty(), "buffer leaks reported by " + broker.name() + ":\n" + leaks);
        }));
        return nodes.stream();
    }

    private String referenceName() {
        return "apache-kafka-" + ApacheKafkaBroker.VERSION;
    }

    /** The reference must pass; a target must agree with the reference (same client) but for the allow-list. */
    private void check(ClientUnderTest client, ScenarioResult result, boolean compare, List<Difference> differences) {
        if (!compare) {
            reference.computeIfAbsent(client.name(), c -> new HashMap<>()).put(result.scenario(), result);
            if (result.status() == ScenarioResult.Status.FAIL) {
                fail(String.join("\n", result.failures()));
            }
            return;
        }
        ScenarioResult ref = reference.getOrDefault(client.name(), Map.of()).get(result.scenario());
        if (ref == null) {
            fail("no reference result for " + client.name() + " / " + result.scenario());
        }
        List<Difference> found = Differ.compare(ref, result, allowList);
        differences.addAll(found);
        List<Difference> unexplained = Differ.unexplained(found);
        if (!unexplained.isEmpty()) {
            fail("differences from " + ref.target() + ":\n" + unexplained.stream().map(Difference::toString)
                .collect(Collectors.joining("\n")) + (result.failures().isEmpty() ? ""
                : "\nfailures: " + String.join("\n", result.failures())));
        }
    }

    @AfterAll
    void writeReport() throws IOException {
        long totalMillis = (System.nanoTime() - suiteStart) / 1_000_000;
        report.note("suite wall time " + String.format(Locale.ROOT, "%.1f s", totalMillis / 1000.0)
            + " (JVM " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
            + lanes + " client lanes)");
        report.write(reportDir);
        System.out.println("[compat] report: " + reportDir.resolve("compat-report.md").toAbsolutePath());
    }
}
