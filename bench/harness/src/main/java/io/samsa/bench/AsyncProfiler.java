package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * async-profiler (its {@code libasyncProfiler.so}, e.g. from the {@code tools.profiler:async-profiler}
 * jar) loaded into a running broker with {@code jcmd JVMTI.agent_load}: CPU samples of every thread,
 * written as collapsed stacks when stopped. Used instead of JFR by {@code cluster.sh --profile
 * --async-profiler LIB}, because JFR samples only a few Java threads per period and none of the
 * compiler's or the kernel's time.
 */
final class AsyncProfiler implements ProduceSampler {
    private static final double INTERVAL_MILLIS = 1;

    private final Path library;

    AsyncProfiler(Path library) {
        this.library = library.toAbsolutePath();
    }

    @Override
    public void start(BrokerProcess node) throws IOException {
        load(node, "start,event=cpu,interval=" + (long) (INTERVAL_MILLIS * 1_000_000) + ",threads");
    }

    @Override
    public void stop(BrokerProcess node) throws IOException {
        load(node, "stop,collapsed,file=" + output(node));
    }

    /** The options quoted: unquoted, jcmd's parser takes their first '=' for its own. */
    private void load(BrokerProcess node, String options) throws IOException {
        Profile.jcmd(node, "JVMTI.agent_load", library.toString(), '"' + options + '"');
    }

    @Override
    public List<String> summary(BrokerProcess node, long records) throws IOException {
        return CollapsedStacks.of(output(node)).format(40, INTERVAL_MILLIS, records);
    }

    private static Path output(BrokerProcess node) {
        return node.workDir().resolve("produce-cpu.collapsed").toAbsolutePath();
    }
}
