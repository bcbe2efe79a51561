package io.samsa.compat.client;

import io.samsa.compat.scenario.ScenarioInfo;
import io.samsa.compat.scenario.ScenarioResult;

/**
 * A batch of one client's scenarios against one broker, asked for in the order it was opened
 * with. {@link #run} never throws: whatever goes wrong (an exception, a hang, a process that
 * died) becomes a failed {@link ScenarioResult}.
 *
 * <p>Used from one thread.
 */
public interface ClientSession extends AutoCloseable {

    /** Runs the next scenario of the batch (or waits for its result) within its timeout. */
    ScenarioResult run(ScenarioInfo scenario);

    /** Ends the batch; a client process still running is stopped. */
    @Override
    void close();
}
