package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An {@link OffsetsLog} in memory for tests: appends commit at once, or, while {@link #hold()} is on, wait until
 * {@link #release()} (a slow replica); {@link #failNextAppends} makes appends fail with an error, writing nothing.
 * Replay feeds the committed records synchronously. Not thread-safe beyond what single-threaded tests need.
 */
final class InMemoryOffsetsLog implements OffsetsLog {
    private record Pending(int partition, List<GroupRecord> records, CompletableFuture<ErrorCode> future) {
    }

    private final Map<Integer, List<GroupRecord>> partitions = new HashMap<>();
    private final Queue<Pending> held = new ArrayDeque<>();
    private boolean holding;
    private ErrorCode failure = ErrorCode.NONE;
    private int failuresLeft;
    private int appends;
    private int rewrites;
    private ErrorCode rewriteFailure = ErrorCode.NONE;

    @Override
    public synchronized CompletableFuture<ErrorCode> append(int partition, int leaderEpoch,
                                                            List<GroupRecord> records) {
        appends++;
        if (failuresLeft > 0) {
            failuresLeft--;
            return CompletableFuture.completedFuture(failure);
        }
        CompletableFuture<ErrorCode> future = new CompletableFuture<>();
        if (holding) {
            held.add(new Pending(partition, List.copyOf(records), future));
            return future;
        }
        partitions.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(records);
        future.complete(ErrorCode.NONE);
        return future;
    }

    @Override
    public synchronized CompletableFuture<ErrorCode> rewrite(int partition, int leaderEpoch,
                                                             List<GroupRecord> liveRecords) {
        rewrites++;
        if (rewriteFailure != ErrorCode.NONE) {
            return CompletableFuture.completedFuture(rewriteFailure);
        }
        partitions.put(partition, new ArrayList<>(liveRecords));
        return CompletableFuture.completedFuture(ErrorCode.NONE);
    }

    synchronized void failRewrites(ErrorCode error) {
        rewriteFailure = error;
    }

    synchronized int rewrites() {
        return rewrites;
    }

    @Override
    public CompletableFuture<Void> replay(int partition, Consumer<GroupRecord> sink) {
        List<GroupRecord> records;
        synchronized (this) {
            records = List.copyOf(partitions.getOrDefault(partition, List.of()));
        }
        records.forEach(sink);
        return CompletableFuture.completedFuture(null);
    }

    synchronized void hold() {
        holding = true;
    }

    /** Commits the held appends in order and completes their futures. */
    void release() {
        List<Pending> toComplete = new ArrayList<>();
        synchronized (this) {
            holding = false;
            while (!held.isEmpty()) {
                Pending p = held.poll();
                partitions.computeIfAbsent(p.partition(), x -> new ArrayList<>()).addAll(p.records());
                toComplete.add(p);
            }
        }
        toComplete.forEach(p -> p.future().complete(ErrorCode.NONE));
    }

    synchronized void failNextAppends(int count, ErrorCode error) {
        failuresLeft = count;
        failure = error;
    }

    synchronized List<GroupRecord> records(int partition) {
        return List.copyOf(partitions.getOrDefault(partition, List.of()));
    }

    synchronized int appends() {
        return appends;
    }
}
