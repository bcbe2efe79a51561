package io.samsa.broker.log;

import io.samsa.broker.common.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every partition log of this broker, across the {@code log.dirs}. At start it locks each directory
 * ({@code .lock}), opens every {@code <topic>-<partition>} directory in it in parallel
 * ({@code num.recovery.threads.per.data.dir} threads per directory; recovery is the slow part) and
 * removes partitions left half-deleted. It creates partitions in the directory holding the fewest,
 * deletes them by renaming the directory to {@code <topic>-<partition>.<uuid>-delete} and removing it
 * in the background, runs retention every {@code log.retention.check.interval.ms}, time-based
 * flushes every {@code log.flush.scheduler.interval.ms} and producer-id expiry, and reports sizes
 * for DescribeLogDirs.
 *
 * <p>Thread-safe: the log map is concurrent and create/delete are synchronized; appends to each log
 * follow {@link PartitionLog}'s single-writer rule.
 */
public final class LogManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);
    static final String DELETE_SUFFIX = "-delete";
    private static final String LOCK_FILE = ".lock";

    private final LogManagerConfig config;
    private final Time time;
    private final Scheduler scheduler;
    private final ConcurrentHashMap<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final List<Path> onlineDirs = new ArrayList<>();
    private final List<Path> offlineDirs = new ArrayList<>();
    private final List<FileLock> dirLocks = new ArrayList<>();
    private final List<Scheduler.Task> tasks = new ArrayList<>();
    private volatile boolean closed;

    private LogManager(LogManagerConfig config, Time time, Scheduler scheduler) {
        this.config = config;
        this.time = time;
        this.scheduler = scheduler;
    }

    /**
     * Opens every partition under the configured directories and starts the background tasks.
     *
     * @param topicConfigs the config of each topic found on disk (from metadata; the broker defaults
     *                     for topics it does not know)
     * @throws IOException if no directory is usable, or one is locked by another process
     */
    public static LogManager open(LogManagerConfig config, Function<String, LogConfig> topicConfigs, Time time,
                                  Scheduler scheduler) throws IOException {
        LogManager manager = new LogManager(config, time, scheduler);
        try {
            for (Path dir : config.logDirs()) {
                manager.openDir(dir, topicConfigs);
            }
            if (manager.onlineDirs.isEmpty()) {
                throw new IOException("no usable log directory among " + config.logDirs());
            }
            manager.startTasks();
            return manager;
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private void openDir(Path dir, Function<String, LogConfig> topicConfigs) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.error("log directory {} is unusable", dir, e);
            offlineDirs.add(dir);
            return;
        }
        lockDir(dir);
        List<Path> partitionDirs = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.endsWith(DELETE_SUFFIX)) {
                    scheduler.scheduleOnce("delete-" + name, () -> deleteRecursively(child), 0);
                } else if (TopicPartition.fromDirName(name) != null) {
                    partitionDirs.add(child);
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(config.numRecoveryThreadsPerDataDir(), runnable -> {
            Thread thread = new Thread(runnable, "log-recovery-" + dir.getFileName());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<Path, Future<PartitionLog>> opening = new LinkedHashMap<>();
            for (Path partitionDir : partitionDirs) {
                TopicPartition tp = TopicPartition.fromDirName(partitionDir.getFileName().toString());
                opening.put(partitionDir, pool.submit(() ->
                        PartitionLog.open(partitionDir, topicConfigs.apply(tp.topic()), time, scheduler)));
            }
            for (Map.Entry<Path, Future<PartitionLog>> entry : opening.entrySet()) {
                PartitionLog log = await(entry.getValue());
                PartitionLog previous = logs.putIfAbsent(log.topicPartition(), log);
                if (previous != null) {
                    log.close();
                    throw new IOException("partition " + log.topicPartition() + " exists in both " + previous.dir()
                            + " and " + log.dir());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        onlineDirs.add(dir);
        LOG.info("opened {} partition(s) in {}", partitionDirs.size(), dir);
    }

    private static PartitionLog await(Future<PartitionLog> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening logs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("could not open a log", e.getCause());
        }
    }

    /** Kafka's {@code .lock}: two brokers must never share a log directory. */
    private void lockDir(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("log directory " + dir + " is locked by another process");
        }
        dirLocks.add(lock);
    }

    private void startTasks() {
        long delay = config.initialTaskDelayMs();
        tasks.add(scheduler.schedule("log-retention", this::cleanupLogs, delay, config.retentionCheckIntervalMs()));
        if (config.flushSchedulerIntervalMs() != Long.MAX_VALUE) {
            tasks.add(scheduler.schedule("log-flusher", this::flushDirtyLogs, delay, config.flushSchedulerIntervalMs()));
        }
        tasks.add(scheduler.schedule("producer-expiry", this::removeExpiredProducers, delay,
                config.producerIdExpirationCheckIntervalMs()));
    }

    // ---- lookup, creation, deletion --------------------------------------------------------

    public Optional<PartitionLog> getLog(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public Collection<PartitionLog> allLogs() {
        return List.copyOf(logs.values());
    }

    /** The partition's log, created with {@code config} in the directory with the fewest partitions if absent. */
    public synchronized PartitionLog getOrCreateLog(TopicPartition tp, LogConfig config) throws IOException {
        PartitionLog existing = logs.get(tp);
        if (existing != null) {
            return existing;
        }
        if (closed) {
            throw new IllegalStateException("log manager is closed");
        }
        Path parent = leastLoadedDir();
        PartitionLog log = PartitionLog.open(parent.resolve(tp.dirName()), config, time, scheduler);
        logs.put(tp, log);
        LogCheckpoint.fsyncDirectory(parent);
        return log;
    }

    private Path leastLoadedDir() {
        Map<Path, Integer> counts = new LinkedHashMap<>();
        for (Path dir : onlineDirs) {
            counts.put(dir, 0);
        }
        for (PartitionLog log : logs.values()) {
            counts.computeIfPresent(log.dir().getParent(), (dir, n) -> n + 1);
        }
        return counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /**
     * Deletes the partition: refuses further appends, renames its directory to
     * {@code <topic>-<partition>.<uuid>-delete} at once (so a restart never reopens it) and removes
     * the files after {@code file.delete.delay.ms}, letting reads in flight finish.
     *
     * @return false if there was no such partition
     */
    public synchronized boolean deleteLog(TopicPartition tp) throws IOException {
        PartitionLog log = logs.remove(tp);
        if (log == null) {
            return false;
        }
        log.closeForDeletion();
        Path dir = log.dir();
        Path renamed = dir.resolveSibling(tp.dirName() + "." + UUID.randomUUID().toString().replace("-", "") + DELETE_SUFFIX);
        Files.move(dir, renamed, StandardCopyOption.ATOMIC_MOVE);
        LogCheckpoint.fsyncDirectory(dir.getParent());
        scheduler.scheduleOnce("delete-" + tp, () -> {
            log.releaseFiles();
            deleteRecursively(renamed);
        }, log.config().fileDeleteDelayMs());
        return true;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}", dir, e);
        }
    }

    /** Applies a topic's new config to all its partitions (AlterConfigs). */
    public void updateTopicConfig(String topic, LogConfig config) {
        for (PartitionLog log : logs.values()) {
            TopicPartition tp = log.topicPartition();
            if (tp != null && tp.topic().equals(topic)) {
                log.updateConfig(config);
            }
        }
    }

    // ---- DescribeLogDirs -------------------------------------------------------------------

    /** Every configured directory with its space and each partition's size (offline ones flagged). */
    public List<LogDirDescription> describeLogDirs() {
        List<LogDirDescription> result = new ArrayList<>();
        for (Path dir : onlineDirs) {
            Map<TopicPartition, Long> sizes = new LinkedHashMap<>();
            for (PartitionLog log : logs.values()) {
                if (log.dir().getParent().equals(dir)) {
                    sizes.put(log.topicPartition(), log.sizeInBytes());
                }
            }
            long total = -1;
            long usable = -1;
            try {
                FileStore store = Files.getFileStore(dir);
                total = store.getTotalSpace();
                usable = store.getUsableSpace();
            } catch (IOException e) {
                LOG.warn("cannot read the file system of {}", dir, e);
            }
            result.add(new LogDirDescription(dir, true, total, usable, sizes));
        }
        for (Path dir : offlineDirs) {
            result.add(new LogDirDescription(dir, false, -1, -1, Map.of()));
        }
        return result;
    }

    // ---- background tasks ------------------------------------------------------------------

    /** One retention pass over every log; returns the number of segments deleted. */
    public int cleanupLogs() {
        int deleted = 0;
        for (PartitionLog log : logs.values()) {
            try {
                deleted += log.deleteOldSegments();
            } catch (IOException | RuntimeException e) {
                LOG.error("retention failed for {}", log, e);
            }
        }
        return deleted;
    }

    /** Flushes the logs whose {@code flush.ms} has passed. */
    public void flushDirtyLogs() {
        for (PartitionLog log : logs.values()) {
            try {
                log.flushIfDue();
            } catch (IOException | RuntimeException e) {
                LOG.error("flush failed for {}", log, e);
            }
        }
    }

    private void removeExpiredProducers() {
        for (PartitionLog log : logs.values()) {
            log.removeExpiredProducers(config.producerIdExpirationMs());
        }
    }

    /** Stops the tasks and closes every log cleanly (in parallel per directory), then releases the directory locks. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        tasks.forEach(Scheduler.Task::cancel);
        IOException failure = null;
        List<PartitionLog> all = new ArrayList<>(logs.values());
        try (Stream<PartitionLog> parallel = all.parallelStream()) {
            parallel.forEach(log -> {
                try {
                    log.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            failure = e.getCause();
        }
        logs.clear();
        for (FileLock lock : dirLocks) {
            try {
                lock.release();
                lock.channel().close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        dirLocks.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
