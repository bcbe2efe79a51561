package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ClusterProfile} records on each node while the measured producer runs: JFR by default,
 * async-profiler with {@code --async-profiler LIB}.
 */
interface ProduceSampler {

    void start(BrokerProcess node) throws IOException;

    void stop(BrokerProcess node) throws IOException;

    /** The node's summary lines for the report, per {@code records} produced while sampling. */
    List<String> summary(BrokerProcess node, long records) throws IOException;

    /** A JFR recording per node with the benchmark's profile settings, kept as {@code produce.jfr}. */
    final class Jfr implements ProduceSampler {
        private final Path settings;

        Jfr(Path settings) {
            this.settings = settings;
        }

        @Override
        public void start(BrokerProcess node) throws IOException {
            Profile.jcmd(node, "JFR.start", "name=produce", "settings=" + settings, "filename=" + recording(node));
        }

        @Override
        public void stop(BrokerProcess node) throws IOException {
            Profile.jcmd(node, "JFR.stop", "name=produce", "filename=" + recording(node));
        }

        @Override
        public List<String> summary(BrokerProcess node, long records) throws IOException {
            return List.of(JfrSummary.of(recording(node), records).format(25));
        }

        private static Path recording(BrokerProcess node) {
            return node.workDir().resolve("produce.jfr");
        }
    }
}
