package io.samsa.raft;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.apache.ratis.util.TimeDuration;

/**
 * Ratis' metrics, discarded. Ratis times every log write, flush and AppendEntries with decaying-reservoir timers;
 * with its default implementation those took 11 % of a node's Java CPU samples on the 3-node benchmark
 * ({@code ConcurrentSkipListMap} inserts were the hottest frames), and nothing in Samsa reads or reports them.
 * Loaded by Ratis through {@link java.util.ServiceLoader} (META-INF/services), which is why it is public.
 *
 * <p>Thread-safe: Ratis creates and removes registries from any of its threads.
 */
public final class NoopMetricRegistries extends MetricRegistries {

    private static final Timekeeper.Context STOPPED = () -> 0L;
    private static final Timekeeper TIMER = () -> STOPPED;

    private final Map<MetricRegistryInfo, RatisMetricRegistry> registries = new ConcurrentHashMap<>();

    @Override
    public void clear() {
        registries.clear();
    }

    @Override
    public RatisMetricRegistry create(MetricRegistryInfo info) {
        return registries.computeIfAbsent(info, NoopRegistry::new);
    }

    @Override
    public boolean remove(MetricRegistryInfo info) {
        return registries.remove(info) != null;
    }

    @Override
    public Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
        return Optional.ofNullable(registries.get(info));
    }

    @Override
    public Set<MetricRegistryInfo> getMetricRegistryInfos() {
        return Set.copyOf(registries.keySet());
    }

    @Override
    public Collection<RatisMetricRegistry> getMetricRegistries() {
        return List.copyOf(registries.values());
    }

    @Override
    public void addReporterRegistration(Consumer<RatisMetricRegistry> reporter, Consumer<RatisMetricRegistry> stop) {
        // Nothing is reported.
    }

    @Override
    public void enableJmxReporter() {
        // Nothing is reported.
    }

    @Override
    public void enableConsoleReporter(TimeDuration period) {
        // Nothing is reported.
    }

    /** A registry whose timers measure nothing and whose counters count (cheap, and Ratis may read them). */
    private static final class NoopRegistry implements RatisMetricRegistry {

        private final MetricRegistryInfo info;

        NoopRegistry(MetricRegistryInfo info) {
            this.info = info;
        }

        @Override
        public Timekeeper timer(String name) {
            return TIMER;
        }

        @Override
        public LongCounter counter(String name) {
            return new Counter();
        }

        @Override
        public boolean remove(String name) {
            return false;
        }

        @Override
        public <T> void gauge(String name, Supplier<Supplier<T>> gaugeSupplier) {
            // Not kept: nothing reads gauges.
        }

        @Override
        public MetricRegistryInfo getMetricRegistryInfo() {
            return info;
        }
    }

    /** A plain counter: Ratis increments some per request, and a read must still see a number. */
    private static final class Counter implements LongCounter {

        private final java.util.concurrent.atomic.LongAdder count = new java.util.concurrent.atomic.LongAdder();

        @Override
        public void inc(long n) {
            count.add(n);
        }

        @Override
        public void dec(long n) {
            count.add(-n);
        }

        @Override
        public long getCount() {
            return count.sum();
        }
    }
}
