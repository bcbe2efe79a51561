package io.samsa.broker;

import io.samsa.broker.config.CommandLine;
import io.samsa.broker.config.ConfigException;
import io.samsa.broker.config.Endpoint;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar samsa.jar [server.properties] [--override key=value]...}: parses the command
 * line and the configuration, starts the broker, and stops it cleanly on SIGTERM/SIGINT through a
 * shutdown hook. Exit codes: 2 for a bad command line, 1 for an invalid configuration or a failed
 * start. The runnable jar's logging (slf4j-simple) defaults are set here, before the first logger
 * exists, so any {@code -Dorg.slf4j.simpleLogger.*} given on the command line still wins.
 */
public final class Main {
    static {
        LogDefaults.apply();
        CommonPoolDefaults.apply();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        long startNanos = System.nanoTime();
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        BrokerConfig config;
        try {
            config = BrokerConfig.from(readProperties(commandLine));
        } catch (ConfigException | IOException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(1);
            return;
        }
        Broker broker = new Broker(config);
        List<Endpoint> listeners;
        try {
            listeners = broker.start();
        } catch (RuntimeException e) {
            LOG.error("Start-up failed: {}", e.getMessage(), e);
            broker.stop();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "samsa-shutdown"));
        LOG.info("Samsa broker {} started in {} ms ({} ms after JVM launch), listening on {}", config.nodeId(),
            (System.nanoTime() - startNanos) / 1_000_000, sinceLaunchMs(), listeners);
    }

    private static Map<String, String> readProperties(CommandLine commandLine) throws IOException {
        try {
            return commandLine.properties();
        } catch (IOException e) {
            throw new IOException("cannot read " + commandLine.propertiesFile().orElseThrow() + ": " + e, e);
        }
    }

    private static long sinceLaunchMs() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /**
     * On a machine with 2 CPUs or fewer the JDK's common pool has parallelism 1, and then every
     * {@code CompletableFuture.*Async} call without an executor starts a new thread. Ratis 3.3.0 does that
     * for each entry batch a follower appends ({@code ServerImplUtils.NavigableIndices.append}): about one
     * thread started and ended per produce request on every node. Parallelism 2 makes those tasks run on two
     * pooled threads (3-node benchmark on 2 CPUs, 2 rounds each: 19.6k and 21.4k → 23.1k and 23.8k records/s,
     * 82–89 → 73 s of CPU per GiB). Set before anything initialises the pool;
     * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} given to the JVM wins.
     */
    static final class CommonPoolDefaults {
        private static final String KEY = "java.util.concurrent.ForkJoinPool.common.parallelism";

        private CommonPoolDefaults() {
        }

        static void apply() {
            if (System.getProperty(KEY) == null && Runtime.getRuntime().availableProcessors() <= 2) {
                System.setProperty(KEY, "2");
            }
        }
    }

    /** slf4j-simple settings of the runnable jar: INFO, one short line per event, quiet libraries. */
    static final class LogDefaults {
        private static final String PREFIX = "org.slf4j.simpleLogger.";

        private LogDefaults() {
        }

        static void apply() {
            setIfAbsent("defaultLogLevel", "info");
            setIfAbsent("showDateTime", "true");
            setIfAbsent("dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
            setIfAbsent("showThreadName", "false");
            setIfAbsent("showShortLogName", "true");
            setIfAbsent("logFile", "System.out");
            setIfAbsent("log.io.netty", "warn");
            setIfAbsent("log.org.apache.ratis", "warn");
        }

        private static void setIfAbsent(String key, String value) {
            if (System.getProperty(PREFIX + key) == null) {
                System.setProperty(PREFIX + key, value);
            }
        }
    }
}
