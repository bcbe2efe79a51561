package io.samsa.raft;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ReplicatedDataStateMachine} as a Ratis state machine with the state-machine-data channel (Ratis'
 * {@code DataApi}), keeping Ratis types inside this package.
 *
 * <p>A submitted message is {@code [int headerLength][header][data]}; {@link #startTransaction} splits it into the
 * entry's log data (the header, kept in the Raft log) and its state-machine data (handed to {@code write}, never
 * stored by Ratis), without copying. The submitter's context object travels beside the request, keyed by call id.
 *
 * <p>Checkpoints are Ratis snapshots whose file {@code sm/snapshot.<term>_<index>} describes the data state machine's
 * state at that index ({@link ReplicatedDataStateMachine#describe}: for the broker, each partition's end offset); the
 * data itself lives in the state machine's own files. A checkpoint never passes the lowest commit index any member
 * reported, so Ratis keeps the log entries a lagging member still needs (it then reads their data back through
 * {@link ReplicatedDataStateMachine#read}). A member behind the leader's whole log all the same (a member added by a
 * configuration change, whose group holds data from before the group existed, or one back after a purge) gets the
 * leader's checkpoint file installed by Ratis, and {@link #reinitialize} has the state machine copy the data it
 * describes from the leader ({@link ReplicatedDataStateMachine#catchUp}).
 *
 * <p>Threading: as Ratis calls it; see {@link ReplicatedDataStateMachine}.
 */
final class DataStateMachineAdapter extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(DataStateMachineAdapter.class);

    private final ReplicatedDataStateMachine stateMachine;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();
    private final Map<Long, Object> contexts = new ConcurrentHashMap<>();
    private final Object recoveryLock = new Object();
    private volatile boolean logRecovered;
    private volatile long checkpointIndex = -1;
    DataStateMachineAdapter(ReplicatedDataStateMachine stateMachine) {
        this.stateMachine = stateMachine;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        storage.init(raftStorage);
        Path dir = raftStorage.getStorageDir().getStateMachineDir().toPath();
        Files.createDirectories(dir);
        stateMachine.open(groupId.getUuid(), dir);
        loadLatestCheckpoint();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    private void loadLatestCheckpoint() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot != null) {
            setLastAppliedTermIndex(snapshot.getTermIndex());
            checkpointIndex = snapshot.getIndex();
        }
    }

    /** Only right before Ratis installs the leader's checkpoint, before it answers the leader. */
    @Override
    public void pause() {
        stateMachine.prepareCatchUp();
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /**
     * Ratis installed the leader's checkpoint (this member was behind the leader's whole log, or is new): the file
     * describes the leader's state at its index, which the state machine now copies from the leader. Blocks this
     * group's apply thread (nothing to apply meanwhile) until the copy is durable.
     */
    @Override
    public void reinitialize() throws IOException {
        SingleFileSnapshotInfo installed = storage.loadLatestSnapshot();
        if (installed != null && installed.getIndex() > checkpointIndex) {
            OptionalInt leader = StateMachineAdapter.nodeId(division().getInfo().getLeaderId());
            byte[] state = Files.readAllBytes(installed.getFile().getPath());
            LOG.info("{}: installed the leader's checkpoint {}; copying its data from node {}", getId(),
                    installed.getTermIndex(), leader.isPresent() ? leader.getAsInt() : "?");
            if (leader.isEmpty()) {
                throw new IOException(getId() + ": no leader to copy the checkpoint's data from");
            }
            try {
                stateMachine.catchUp(leader.getAsInt(), installed.getIndex(), state).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(getId() + ": copying the leader's data failed", e.getCause());
            }
        } else {
            stateMachine.catchUp(-1, -1, null); // nothing newer to copy: let the writes announced by pause() go on
        }
        loadLatestCheckpoint();
        LOG.info("{}: caught up by copy to {}", getId(), getLastAppliedTermIndex());
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    /** Files the checkpoint at {@code at}, its content the state description a member catching up copies. */
    private void fileCheckpoint(TermIndex at, byte[] state) throws IOException {
        File file = storage.getSnapshotFile(at.getTerm(), at.getIndex());
        File tmp = new File(file.getParentFile(), "tmp-" + file.getName());
        Files.write(tmp.toPath(), state);
        Files.move(tmp.toPath(), file.toPath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), at));
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /**
     * Answered from memory while this member has no checkpoint: Ratis' storage caches only a snapshot it found, so
     * until the first one it lists the {@code sm/} directory on every call, and the leader's log appenders ask on
     * every round (about a quarter of a node's system calls under load). Every way a checkpoint appears here sets
     * {@link #checkpointIndex} first: start-up, {@link #takeSnapshot} and {@link #reinitialize} after an install.
     */
    @Override
    public SnapshotInfo getLatestSnapshot() {
        return checkpointIndex < 0 ? null : storage.getLatestSnapshot();
    }

    // ---- submit ------------------------------------------------------------------------------------------------

    /** Registers the context of the request with call id {@code callId}, before it is submitted. */
    void expectContext(long callId, Object context) {
        if (context != null) {
            contexts.put(callId, context);
        }
    }

    void forgetContext(long callId) {
        contexts.remove(callId);
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        ByteString content = request.getMessage().getContent();
        if (content.size() < Integer.BYTES) {
            throw new IOException("malformed data entry: " + content.size() + " bytes");
        }
        int headerLength = content.substring(0, Integer.BYTES).asReadOnlyByteBuffer().getInt();
        if (headerLength < 0 || Integer.BYTES + headerLength >= content.size()) {
            throw new IOException("malformed data entry: header length " + headerLength + " of " + content.size());
        }
        return TransactionContext.newBuilder()
                .setStateMachine(this)
                .setClientRequest(request)
                .setLogData(content.substring(Integer.BYTES, Integer.BYTES + headerLength))
                .setStateMachineData(content.substring(Integer.BYTES + headerLength))
                .setStateMachineContext(contexts.remove(request.getCallId()))
                .build();
    }

    // ---- the data channel ------------------------------------------------------------------------------------

    /**
     * Tells the state machine where the Raft log ends, once, before its first write, truncate or apply. The index is
     * read outside our lock: a Ratis thread holding the log's write lock may be waiting for that lock.
     */
    private void ensureLogRecovered() {
        if (logRecovered) {
            return;
        }
        long last = lastLogIndex();
        synchronized (recoveryLock) {
            if (!logRecovered) {
                stateMachine.logRecovered(last);
                logRecovered = true;
            }
        }
    }

    private long lastLogIndex() {
        try {
            RaftLog log = getServer().get().getDivision(getGroupId()).getRaftLog();
            TermIndex last = log.getLastEntryTermIndex();
            return Math.max(last == null ? -1 : last.getIndex(), log.getSnapshotIndex());
        } catch (IOException | RuntimeException | InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(getId() + ": the Raft log of the group is not available", e);
        }
    }

    @Override
    public CompletableFuture<?> write(LogEntryProto entry, TransactionContext trx) {
        ensureLogRecovered();
        StateMachineLogEntryProto proto = entry.getStateMachineLogEntry();
        Object context = trx == null ? null : trx.getStateMachineContext();
        return stateMachine.write(entry.getIndex(), entry.getTerm(), proto.getLogData().asReadOnlyByteBuffer(),
                proto.getStateMachineEntry().getStateMachineData().asReadOnlyByteBuffer(), context);
    }

    @Override
    public CompletableFuture<ByteString> read(LogEntryProto entry, TransactionContext trx) {
        // On the leader a pending entry's context still holds the data: no disk read.
        if (trx != null && trx.getStateMachineLogEntry() != null
                && trx.getStateMachineLogEntry().hasStateMachineEntry()) {
            ByteString data = trx.getStateMachineLogEntry().getStateMachineEntry().getStateMachineData();
            if (!data.isEmpty()) {
                return CompletableFuture.completedFuture(data);
            }
        }
        StateMachineLogEntryProto proto = entry.getStateMachineLogEntry();
        return stateMachine.read(entry.getIndex(), entry.getTerm(), proto.getLogData().asReadOnlyByteBuffer())
                .thenApply(UnsafeByteOperations::unsafeWrap);
    }

    @Override
    public CompletableFuture<ByteString> read(LogEntryProto entry) {
        return read(entry, null);
    }

    @Override
    public CompletableFuture<Void> flush(long logIndex) {
        return stateMachine.flush(logIndex);
    }

    @Override
    public CompletableFuture<Void> truncate(long logIndex) {
        ensureLogRecovered();
        return stateMachine.truncate(logIndex);
    }

    // ---- commit ----------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        ensureLogRecovered();
        LogEntryProto entry = trx.getLogEntry();
        try {
            ByteBuffer header = entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
            stateMachine.apply(entry.getIndex(), entry.getTerm(), header, trx.getStateMachineContext());
        } catch (RuntimeException e) {
            // Throwing here would shut the whole server down.
            LOG.error("{}: state machine failed to apply entry {}", getId(), entry.getIndex(), e);
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex applied = getLastAppliedTermIndex();
        if (applied == null || applied.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        long safe = applied.getIndex();
        RaftServer.Division division = division();
        for (CommitInfoProto info : division.getCommitInfos()) {
            safe = Math.min(safe, info.getCommitIndex());
        }
        if (safe <= checkpointIndex) {
            // Ratis asks again after every applied entry while a member lags: a cheap answer.
            return checkpointIndex;
        }
        TermIndex covered = division.getRaftLog().getTermIndex(safe);
        if (covered == null) {
            return checkpointIndex < 0 ? RaftLog.INVALID_LOG_INDEX : checkpointIndex;
        }
        long index = stateMachine.checkpoint(safe);
        if (index != safe) {
            return checkpointIndex < 0 ? RaftLog.INVALID_LOG_INDEX : checkpointIndex;
        }
        byte[] state = stateMachine.describe(index);
        if (state == null) {
            throw new IOException(getId() + ": cannot describe the state at checkpoint " + index);
        }
        fileCheckpoint(TermIndex.valueOf(covered.getTerm(), index), state);
        checkpointIndex = index;
        return index;
    }

    private RaftServer.Division division() throws IOException {
        try {
            return getServer().get().getDivision(getGroupId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e);
        }
    }

    // ---- events ----------------------------------------------------------------------------------------------

    /** Runs {@code watcher} on every change of leader, leader readiness or configuration (on a Ratis thread). */
    void onChange(Runnable watcher) {
        watchers.add(watcher);
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId memberId, RaftPeerId newLeaderId) {
        watchers.forEach(Runnable::run);
    }

    @Override
    public void notifyLeaderReady() {
        watchers.forEach(Runnable::run);
    }

    @Override
    public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto newConf) {
        watchers.forEach(Runnable::run);
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        ensureLogRecovered();
        super.notifyTermIndexUpdated(term, index);
    }

    @Override
    public void close() throws IOException {
        super.close();
        stateMachine.close();
    }
}
