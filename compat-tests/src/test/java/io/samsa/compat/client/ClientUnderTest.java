package io.samsa.compat.client;

import io.samsa.compat.broker.BrokerUnderTest;
import io.samsa.compat.scenario.ScenarioInfo;
import java.util.List;
import java.util.Optional;

/**
 * One client library (or tool) of the matrix, e.g. kafka-clients 3.9.2, kcat or KafkaJS: the
 * scenarios it implements, and a way to run a batch of them against a started broker. A client
 * runs its batch in as few processes as it can (one per batch), never one process per scenario,
 * except a command-line tool whose scenarios are themselves command lines.
 */
public interface ClientUnderTest {

    /** The report's column: library and version, e.g. {@code kafka-python-2.0.2}. */
    String name();

    /**
     * A short, fixed tag that keeps this client's topic and group names apart from the other
     * clients' on the same broker, e.g. {@code j39}.
     */
    String tag();

    /** Why this client cannot run on this machine (a tool is not installed); empty when it can. */
    Optional<String> unavailable();

    /** The scenarios it implements, in run order (those that take the broker down last). */
    List<ScenarioInfo> scenarios();

    /**
     * Starts a batch of {@code scenarios} (a subsequence of {@link #scenarios()}) against
     * {@code broker}; names made by the scenarios carry {@code runTag}.
     */
    ClientSession open(BrokerUnderTest broker, List<ScenarioInfo> scenarios, String runTag) throws Exception;
}
